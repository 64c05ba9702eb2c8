import type { UiModule } from '../shared/contract.ts';

let pending: Promise<UiModule> | undefined;

/** Loads the UI chunk once, on first use; a failed load may be tried again. */
export function loadUi(url: string): Promise<UiModule> {
  pending ??= (import(/* @vite-ignore */ url) as Promise<UiModule>).catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}
