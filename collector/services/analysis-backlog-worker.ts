import { workerData } from 'node:worker_threads';
import { type BacklogThreadData, serveBacklog } from './analysis-backlog-thread.ts';

// The analysis catch-up's thread (analysis-backlog-thread.ts).
serveBacklog(workerData as BacklogThreadData);
