import { parentPort } from 'node:worker_threads';
import { type AnalysisReply, type AnalysisRequest, analyzeForStorage, type TextAnalysis } from './text-analyzer.ts';

/**
 * Recent answers by text and locale. A copy-paste flood — the moment load spikes — is the same
 * text again and again; the analysis is a pure function of the two, so a copy costs a lookup.
 */
const recent = new Map<string, TextAnalysis>();
const RECENT_SIZE = 2000;

function analyzeOnce(text: string, locale: string | undefined): TextAnalysis {
  const key = `${locale ?? ''}\u0000${text}`;
  let analysis = recent.get(key);
  if (!analysis) {
    analysis = analyzeForStorage(text, locale);
    if (recent.size >= RECENT_SIZE) recent.delete(recent.keys().next().value!);
    recent.set(key, analysis);
  }
  return analysis;
}

// The analysis thread (text-analyzer.ts): batches of texts in, their analyses out, in order.
parentPort!.on('message', (batch: AnalysisRequest[]) => {
  const replies: AnalysisReply[] = batch.map(({ id, text, locale }) => {
    try {
      return { id, analysis: analyzeOnce(text, locale) };
    } catch (error) {
      return { id, error: String(error) };
    }
  });
  parentPort!.postMessage(replies);
});
