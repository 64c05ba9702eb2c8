import { parentPort, workerData } from 'node:worker_threads';
import {
  type AnalysisReply,
  type AnalysisRequest,
  type AnalysisThreadData,
  type PreparedText,
  type PrepareOptions,
  prepareText,
  warmUpPrepare,
} from './text-analyzer.ts';

/**
 * Recent answers by text and options. A copy-paste flood — the moment load spikes — is the same
 * text again and again; the answer is a pure function of the two, so a copy costs a lookup.
 */
const recent = new Map<string, PreparedText>();
const RECENT_SIZE = 2000;

function prepareOnce(text: string, options: PrepareOptions): PreparedText {
  const key = `${options.analyse ? 1 : 0}\u0000${options.scope}\u0000${options.locale ?? ''}\u0000${text}`;
  let prepared = recent.get(key);
  if (!prepared) {
    prepared = prepareText(text, options);
    if (recent.size >= RECENT_SIZE) recent.delete(recent.keys().next().value!);
    recent.set(key, prepared);
  }
  return prepared;
}

// The analysis thread (text-analyzer.ts): batches of texts in, their analyses out, in order.
parentPort!.on('message', (batch: AnalysisRequest[]) => {
  const replies: AnalysisReply[] = batch.map(({ id, text, options }) => {
    try {
      return { id, prepared: prepareOnce(text, options) };
    } catch (error) {
      return { id, error: String(error) };
    }
  });
  parentPort!.postMessage(replies);
});

// Between the batches that come meanwhile, in slices of a few milliseconds.
if ((workerData as AnalysisThreadData | null)?.warm) {
  warmUpPrepare().catch((error: unknown) => console.error('analysis thread: the warm-up failed:', error));
}
