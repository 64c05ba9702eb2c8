import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running one of the collector's TypeScript modules. The collector runs from its
 * sources through tsx, and a worker does not inherit the main thread's module hooks: the thread
 * registers tsx's loader, then imports its entry file.
 */
export function startTsThread(entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
