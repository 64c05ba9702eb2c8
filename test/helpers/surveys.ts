import type { PublishedSurvey, SurveyInput } from '../../shared/schema/survey.ts';

export const npsSurvey: SurveyInput = {
  name: 'NPS after checkout',
  questions: [
    {
      id: 'nps',
      type: 'rating',
      scale: 'nps',
      required: true,
      text: { en: 'How likely are you to recommend us to a friend?', 'zh-CN': '您有多大可能向朋友推荐我们？' },
      followUp: {
        low: { en: 'What disappointed you?', 'zh-CN': '哪里让您失望了？' },
        mid: { en: 'What would make it a 10?', 'zh-CN': '怎样才能打 10 分？' },
        high: { en: 'What do you love most?', 'zh-CN': '您最喜欢什么？' },
      },
    },
  ],
};

export const microSurvey: SurveyInput = {
  name: 'Onboarding',
  questions: [
    {
      id: 'role',
      type: 'single',
      required: true,
      text: { en: 'What is your role?' },
      options: [
        { id: 'dev', label: { en: 'Developer' } },
        { id: 'pm', label: { en: 'Product manager' } },
        { id: 'other', label: { en: 'Something else' } },
      ],
      logic: [{ option: 'other', goto: 'end' }],
    },
    {
      id: 'tools',
      type: 'multi',
      text: { en: 'Which tools do you use?' },
      options: [
        { id: 'a', label: { en: 'A' } },
        { id: 'b', label: { en: 'B' } },
      ],
    },
    { id: 'ease', type: 'rating', scale: 'ces', required: true, text: { en: 'How easy was setup?' } },
    { id: 'more', type: 'text', text: { en: 'Anything else?' } },
  ],
};

let answerCount = 0;

/** A survey submission as the widget sends it; override any field (e.g. a fixed idempotencyKey). */
export function surveyAnswer(
  survey: PublishedSurvey,
  answers: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> & { idempotencyKey: string; clientId: string } {
  return {
    kind: 'survey',
    idempotencyKey: `survey_key_${++answerCount}_${Date.now()}`,
    clientId: 'client_abcdefgh',
    page: { url: 'http://localhost:8787/checkout/done' },
    locale: 'en',
    surveyId: survey.id,
    surveyVersion: survey.version,
    answers,
    finished: false,
    ...extra,
  } as Record<string, unknown> & { idempotencyKey: string; clientId: string };
}
