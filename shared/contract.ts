/**
 * Types only: the seam between the always-loaded widget loader and the lazily loaded UI chunk.
 * The UI never imports the transport; the loader hands it a `send` function through this seam.
 */
import type { Ack, SubmissionInput } from './schema/wire.ts';

export type SendResult =
  | { ok: true; ack: Ack }
  | { ok: false; reason: 'network' | 'server' | 'rejected'; message?: string };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A submission before the loader adds what it alone knows (client id, user, page, idempotency key). */
export type Draft = DistributiveOmit<SubmissionInput, 'idempotencyKey' | 'clientId' | 'userId' | 'attributes' | 'page' | 'locale'>;

export interface UiHost {
  /** The shadow root the UI renders into; already carries the loader's stylesheet. */
  root: ShadowRoot;
  locale: 'en' | 'zh-CN';
  /** Sends one submission; the same draft object retried reuses its idempotency key. */
  send(draft: Draft): Promise<SendResult>;
  /** Called when the UI closes, so the loader can give focus back to the launcher. */
  onClose(): void;
  /** Applies a stylesheet inside the shadow root without inline <style> (strict CSP). */
  adoptStyles(css: string): void;
}

export interface UiModule {
  openFeedback(host: UiHost): void;
}
