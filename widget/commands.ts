/**
 * The public JS API: `feedloop(name, ...args)`. Calls made before the script loaded wait in
 * `feedloop.q` and are replayed in order. A bad call is ignored with a console warning; it never
 * throws into the host page.
 */
export interface Commands {
  identify(userId: string, attributes?: Record<string, string | number | boolean>): void;
  track(event: string): void;
  open(surveyId?: string): void;
  close(): void;
  reset(): void;
  setLocale(locale: string): void;
}

type Queued = ArrayLike<unknown>;
type Api = ((...args: unknown[]) => void) & { q?: Queued[] };

export function installCommands(commands: Commands): void {
  const run = (args: Queued) => {
    const [name, ...rest] = Array.from(args);
    const command = typeof name === 'string' && Object.hasOwn(commands, name) ? commands[name as keyof Commands] : undefined;
    if (!command) {
      console.warn('[feedloop] unknown command', name);
      return;
    }
    try {
      (command as (...a: unknown[]) => void)(...rest);
    } catch (err) {
      console.warn('[feedloop]', name, err);
    }
  };
  const w = window as unknown as { feedloop?: Api };
  const queued = w.feedloop?.q ?? [];
  const api: Api = (...args) => run(args);
  w.feedloop = api;
  for (const args of queued) run(args);
}
