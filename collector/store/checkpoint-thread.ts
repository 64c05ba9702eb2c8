import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import type { CheckpointReport, CheckpointThreadData } from './checkpointer.ts';

// The checkpoint thread (store/checkpointer.ts): a connection of its own that copies committed WAL
// frames into the database file every `intervalMs`. PASSIVE never waits for the writer and never
// makes it wait: it copies what is committed and stops where the writer is.
const { file, intervalMs } = workerData as CheckpointThreadData;
const db = new SQLite(file);
db.pragma('busy_timeout = 1000');

function checkpoint(): void {
  let report: CheckpointReport;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    report = { type: 'checkpoint', frames: result?.log ?? 0, copied: result?.checkpointed ?? 0 };
  } catch (error) {
    // Busy (another checkpoint, a VACUUM) or an I/O error: the next turn tries again.
    report = { type: 'error', message: String(error) };
  }
  parentPort!.postMessage(report);
}

const timer = setInterval(checkpoint, intervalMs);
parentPort!.on('message', (message: 'stop' | 'now') => {
  if (message === 'now') return checkpoint();
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
