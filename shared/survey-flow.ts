import type { Answers, AnswerValue } from './schema/wire.ts';
import { SCALE_RANGE } from './scales.ts';
import type { Question, SurveyDefinition } from './schema/survey.ts';

/**
 * Skip logic and answer checks, shared so the widget walks a survey exactly the way the
 * collector later verifies it.
 */

function ruleMatches(question: Question, rule: Question['logic'][number], answer: AnswerValue): boolean {
  if (rule.option !== undefined) {
    return Array.isArray(answer) ? answer.includes(rule.option) : answer === rule.option;
  }
  if (typeof answer !== 'number') return false;
  if (question.type !== 'rating') return false;
  return (rule.min === undefined || answer >= rule.min) && (rule.max === undefined || answer <= rule.max);
}

/** Index of the question after `index` given its answer, or -1 for the end. First matching rule wins. */
export function nextQuestionIndex(def: SurveyDefinition, index: number, answer: AnswerValue | undefined): number {
  const question = def.questions[index];
  if (!question) return -1;
  if (answer !== undefined) {
    const rule = question.logic.find((r) => ruleMatches(question, r, answer));
    if (rule) return rule.goto === 'end' ? -1 : def.questions.findIndex((q) => q.id === rule.goto);
  }
  return index + 1 < def.questions.length ? index + 1 : -1;
}

/** The questions a respondent with these answers walks through, in order. */
export function visitedPath(def: SurveyDefinition, answers: Answers): Question[] {
  const path: Question[] = [];
  for (let i = 0; i !== -1 && path.length <= def.questions.length; ) {
    const question = def.questions[i];
    if (!question) break;
    path.push(question);
    i = nextQuestionIndex(def, i, answers[question.id]);
  }
  return path;
}

/** Why one answer does not fit its question, or undefined when it does. */
export function answerProblem(question: Question, answer: AnswerValue): string | undefined {
  switch (question.type) {
    case 'rating': {
      const { min, max } = SCALE_RANGE[question.scale];
      if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < min || answer > max) {
        return `must be a whole number from ${min} to ${max}`;
      }
      return undefined;
    }
    case 'single':
      if (typeof answer !== 'string' || !question.options.some((o) => o.id === answer)) return 'must be one of the options';
      return undefined;
    case 'multi':
      if (!Array.isArray(answer) || answer.some((id) => !question.options.some((o) => o.id === id))) {
        return 'must be a list of the options';
      }
      if (new Set(answer).size !== answer.length) return 'must not repeat an option';
      return undefined;
    case 'text':
      if (typeof answer !== 'string') return 'must be text';
      if (answer.length > question.maxLength) return `must be at most ${question.maxLength} characters`;
      return undefined;
  }
}

/** The key under which a rating question's follow-up text is stored among the answers. */
export function followUpKey(questionId: string): string {
  return `${questionId}_why`.slice(0, 64);
}

/**
 * Problems of a set of answers against a survey: unknown questions, answers of the wrong shape,
 * and (when finished) required questions on the walked path left empty. Empty list = fine.
 */
export function answersProblems(def: SurveyDefinition, answers: Answers, finished: boolean): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  const followUps = new Map(
    def.questions.filter((q) => q.type === 'rating' && q.followUp).map((q) => [followUpKey(q.id), q]),
  );
  for (const [id, answer] of Object.entries(answers)) {
    const question = byId.get(id);
    if (question) {
      const problem = answerProblem(question, answer);
      if (problem) problems.push({ path: `answers.${id}`, message: problem });
    } else if (followUps.has(id)) {
      if (typeof answer !== 'string') problems.push({ path: `answers.${id}`, message: 'must be text' });
    } else {
      problems.push({ path: `answers.${id}`, message: 'is not a question of this survey' });
    }
  }
  if (finished) {
    for (const question of visitedPath(def, answers)) {
      const answer = answers[question.id];
      const empty = answer === undefined || (typeof answer === 'string' && answer.trim() === '') || (Array.isArray(answer) && answer.length === 0);
      if (question.required && empty) problems.push({ path: `answers.${question.id}`, message: 'is required' });
    }
    if (Object.keys(answers).length === 0) problems.push({ path: 'answers', message: 'a finished response needs at least one answer' });
  }
  return problems;
}
