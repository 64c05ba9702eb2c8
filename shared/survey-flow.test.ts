import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { microSurvey, npsSurvey } from '../test/helpers/surveys.ts';
import { SurveyInputSchema, surveyProblems } from './schema/survey.ts';
import { answersProblems, nextQuestionIndex, visitedPath } from './survey-flow.ts';

const micro = v.parse(SurveyInputSchema, microSurvey);
const nps = v.parse(SurveyInputSchema, npsSurvey);

describe('skip logic', () => {
  it('goes to the end when a rule says so, else to the next question', () => {
    expect(nextQuestionIndex(micro, 0, 'other')).toBe(-1);
    expect(nextQuestionIndex(micro, 0, 'dev')).toBe(1);
    expect(nextQuestionIndex(micro, 3, 'x')).toBe(-1);
  });

  it('walks only the visited path', () => {
    expect(visitedPath(micro, { role: 'other' }).map((q) => q.id)).toEqual(['role']);
    expect(visitedPath(micro, { role: 'pm' }).map((q) => q.id)).toEqual(['role', 'tools', 'ease', 'more']);
  });

  it('finds unknown targets, backwards jumps and duplicate ids', () => {
    const bad = v.parse(SurveyInputSchema, {
      ...microSurvey,
      questions: [
        { ...microSurvey.questions[0]!, logic: [{ option: 'nope', goto: 'role' }] },
        { id: 'role', type: 'text', text: { en: 'again' } },
      ],
    });
    const problems = surveyProblems(bad);
    expect(problems.some((p) => p.includes('ids must be unique'))).toBe(true);
    expect(problems.some((p) => p.includes('must be a later question'))).toBe(true);
    expect(problems.some((p) => p.includes('unknown option'))).toBe(true);
  });
});

describe('answersProblems', () => {
  it('accepts a follow-up text beside the rating it belongs to', () => {
    expect(answersProblems(nps, { nps: 4, nps_why: 'slow' }, true)).toEqual([]);
  });

  it.each([
    [{ nps: -1 }, 'answers.nps'],
    [{ nps: '9' }, 'answers.nps'],
    [{ nps_why: 5 }, 'answers.nps_why'],
  ])('rejects %j', (answers, path) => {
    expect(answersProblems(nps, answers as never, false)[0]?.path).toBe(path);
  });

  it('takes an answer of only spaces to a required text question as no answer', () => {
    const def = v.parse(SurveyInputSchema, { ...microSurvey, questions: [{ id: 'txt', type: 'text', required: true, text: { en: 'Why?' } }] });
    expect(answersProblems(def, { txt: '    ' }, true)).toEqual([{ path: 'answers.txt', message: 'is required' }]);
    expect(answersProblems(def, { txt: ' ok ' }, true)).toEqual([]);
  });

  it('rejects repeated or unknown options in a multiple choice', () => {
    expect(answersProblems(micro, { role: 'dev', tools: ['a', 'a'] }, false)[0]?.message).toContain('repeat');
    expect(answersProblems(micro, { role: 'dev', tools: ['z'] }, false)[0]?.path).toBe('answers.tools');
  });
});
