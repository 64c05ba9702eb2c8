import { parentPort } from 'node:worker_threads';

// An analysis thread that takes work and never answers: what a text that sent the analysis into
// an endless loop would look like from outside (text-analyzer.test.ts).
parentPort!.on('message', () => undefined);
