import { Agent, request } from 'node:http';
import { feedbackBody } from './feedback-bodies.ts';

/**
 * The load generator, run as its own process so it never shares a thread with a server:
 * `connections` keep-alive connections, each sending one request after another for `durationMs`.
 * Every target gets the same kind of requests (the bare endpoint just ignores the body).
 */
export interface LoadJob {
  url: string;
  origin: string;
  connections: number;
  durationMs: number;
  /** First body number: each job sends fresh idempotency keys. */
  firstBody: number;
}

export interface LoadResult {
  statuses: Record<string, number>;
  /** Idempotency keys the server acknowledged with a 2xx. */
  acked: string[];
  seconds: number;
  latenciesMs: number[];
}

async function run(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const url = new URL(job.url);
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  const acked: string[] = [];
  let next = job.firstBody;
  const started = performance.now();
  const stopAt = started + job.durationMs;

  function once(): Promise<void> {
    const { key, body } = feedbackBody(next++);
    const t0 = performance.now();
    return new Promise((done) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'text/plain;charset=UTF-8', origin: job.origin, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latenciesMs.push(performance.now() - t0);
            const status = String(res.statusCode);
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (res.statusCode! < 300) acked.push(key);
            done();
          });
        },
      );
      req.on('error', () => {
        statuses.error = (statuses.error ?? 0) + 1;
        done();
      });
      req.end(body);
    });
  }

  async function connection(): Promise<void> {
    while (performance.now() < stopAt) await once();
  }

  await Promise.all(Array.from({ length: job.connections }, connection));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { statuses, acked, seconds, latenciesMs };
}

// Driven by bench/ingest.ts over the IPC channel: jobs in, results out, until it disconnects.
process.on('message', (job: LoadJob) => {
  void run(job).then((result) => process.send!(result));
});
process.on('disconnect', () => process.exit(0));
