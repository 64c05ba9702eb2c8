import { parentPort } from 'node:worker_threads';
import { analyze } from './analyze.ts';
import type { AnalysisRequest, AnalysisReply } from './text-analyzer.ts';

// The analysis thread (text-analyzer.ts): batches of texts in, their analyses out, in order.
parentPort!.on('message', (batch: AnalysisRequest[]) => {
  const replies: AnalysisReply[] = batch.map(({ id, text, locale }) => {
    try {
      return { id, analysis: analyze(text, { locale }) };
    } catch (error) {
      return { id, error: String(error) };
    }
  });
  parentPort!.postMessage(replies);
});
