import { signal } from '@preact/signals';
import type { SurveySession } from '../../../shared/contract.ts';
import type { LocalizedText } from '../../../shared/localize.ts';
import { scoreBand } from '../../../shared/scales.ts';
import type { Question } from '../../../shared/schema/survey.ts';
import type { Answers, AnswerValue } from '../../../shared/schema/wire.ts';
import { followUpKey, nextQuestionIndex } from '../../../shared/survey-flow.ts';

export type Phase = 'question' | 'followUp' | 'done';

/**
 * Walks a survey: one question at a time, skip logic from shared/survey-flow.ts, a score-worded
 * follow-up after a rating. Every step saves the answers so far, so a half-finished survey is
 * kept as a partial response and a prompt's score is stored the moment it is chosen.
 */
export function createSurveyModel(session: SurveySession) {
  const { survey } = session;
  const index = signal(0);
  const phase = signal<Phase>('question');
  const value = signal<AnswerValue | undefined>(undefined);
  const missing = signal(false);
  /** The collector refused the answers (a survey closed meanwhile, say): its reason, shown to the visitor. */
  const refused = signal<string | undefined>(undefined);
  let answers: Answers = {};

  const save = (done: boolean) =>
    void session.save(answers, done).then((result) => {
      if (!result.ok && result.reason === 'rejected') refused.value = result.message ?? '';
    });

  const question = (): Question => survey.questions[index.value]!;

  function advance(from: Question) {
    const next = nextQuestionIndex(survey, index.value, answers[from.id]);
    const done = next === -1;
    save(done);
    value.value = undefined;
    missing.value = false;
    if (done) phase.value = 'done';
    else index.value = next;
  }

  /** Confirms the current question's answer (a rating chosen by pointer confirms at once). */
  function answer(chosen: AnswerValue | undefined = value.value) {
    const q = question();
    const empty = chosen === undefined || (typeof chosen === 'string' && chosen.trim() === '') || (Array.isArray(chosen) && chosen.length === 0);
    if (empty && q.required) {
      missing.value = true;
      return;
    }
    if (!empty) answers = { ...answers, [q.id]: chosen };
    if (q.type === 'rating' && q.followUp && !empty) {
      // The score is saved now; the "why?" joins the same response afterwards.
      save(false);
      value.value = '';
      phase.value = 'followUp';
      return;
    }
    advance(q);
  }

  function followUp(text: string) {
    const q = question();
    if (text.trim()) answers = { ...answers, [followUpKey(q.id)]: text.trim() };
    phase.value = 'question';
    advance(q);
  }

  /** The follow-up wording for the chosen score's band (passives fall back to the low wording). */
  function followUpText(): LocalizedText | undefined {
    const q = question();
    const score = answers[q.id];
    if (q.type !== 'rating' || !q.followUp || typeof score !== 'number') return undefined;
    const band = scoreBand(q.scale, score);
    return band === 'mid' ? (q.followUp.mid ?? q.followUp.low) : q.followUp[band];
  }

  return { survey, index, phase, value, missing, refused, question, answer, followUp, followUpText, dismiss: () => session.dismiss() };
}

export type SurveyModel = ReturnType<typeof createSurveyModel>;
