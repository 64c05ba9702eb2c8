import { RATING_SCALES, type RatingScale, type SurveyDefinition } from '../../../../shared/schema/survey.ts';

/** What the list calls a survey: a one-question rating prompt by its scale, else a micro-survey. */
export const SURVEY_KINDS = [...RATING_SCALES, 'survey'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export function kindOf(def: Pick<SurveyDefinition, 'questions'>): SurveyKind {
  const [only, ...rest] = def.questions;
  return only && rest.length === 0 && only.type === 'rating' ? only.scale : 'survey';
}

const prompts: Record<RatingScale, { name: string; text: [string, string]; followUp?: boolean }> = {
  nps: { name: 'NPS', text: ['How likely are you to recommend us to a friend or colleague?', '您有多大可能向朋友或同事推荐我们？'], followUp: true },
  csat: { name: 'CSAT', text: ['How satisfied are you with your experience today?', '您对今天的体验满意吗？'], followUp: true },
  ces: { name: 'Effort', text: ['How easy was it to get done what you came for?', '完成您想做的事情有多容易？'], followUp: true },
  thumbs: { name: 'Was this page helpful?', text: ['Was this page helpful?', '这个页面有帮助吗？'] },
  stars: { name: 'Star rating', text: ['How would you rate your experience?', '您如何评价这次体验？'] },
};

const FOLLOW_UPS: Record<'nps' | 'other', NonNullable<Extract<SurveyDefinition['questions'][number], { type: 'rating' }>['followUp']>> = {
  nps: {
    low: { en: 'Sorry to hear that. What should we do better?', 'zh-CN': '很抱歉。我们应该在哪些方面做得更好？' },
    mid: { en: 'What would make it a 10?', 'zh-CN': '怎样才能让您打 10 分？' },
    high: { en: 'Great! What do you like most?', 'zh-CN': '太好了！您最喜欢什么？' },
  },
  other: {
    low: { en: 'What went wrong?', 'zh-CN': '哪里出了问题？' },
    high: { en: 'What did you like?', 'zh-CN': '您喜欢哪些地方？' },
  },
};

const defaults = {
  status: 'active',
  trigger: { urlInclude: [], urlExclude: [], delayMs: 0, scrollPercent: 0, exitIntent: false, events: [], minVisits: 0, attributes: [] },
  caps: { samplePercent: 100, recontactDays: 30, dismissDays: 14 },
} satisfies Partial<SurveyDefinition>;

/**
 * A complete, valid definition to start from, worded in English and Simplified Chinese. Every
 * default the schema would fill in is written out, so the form shows what will be saved.
 */
export function template(kind: SurveyKind): SurveyDefinition {
  if (kind !== 'survey') {
    const p = prompts[kind];
    return {
      ...structuredClone(defaults),
      name: p.name,
      questions: [
        {
          id: kind,
          type: 'rating',
          scale: kind,
          text: { en: p.text[0], 'zh-CN': p.text[1] },
          required: true,
          logic: [],
          ...(kind === 'nps' ? { lowLabel: { en: 'Not likely', 'zh-CN': '不太可能' }, highLabel: { en: 'Very likely', 'zh-CN': '非常可能' } } : {}),
          ...(p.followUp ? { followUp: structuredClone(FOLLOW_UPS[kind === 'nps' ? 'nps' : 'other']) } : {}),
        },
      ],
    };
  }
  return {
    ...structuredClone(defaults),
    name: 'Micro-survey',
    questions: [
      {
        id: 'role',
        type: 'single',
        text: { en: 'What best describes you?', 'zh-CN': '哪一项最符合您？' },
        required: true,
        options: [
          { id: 'developer', label: { en: 'Developer', 'zh-CN': '开发者' } },
          { id: 'manager', label: { en: 'Manager', 'zh-CN': '管理者' } },
          { id: 'other', label: { en: 'Something else', 'zh-CN': '其他' } },
        ],
        logic: [{ option: 'other', goto: 'more' }],
      },
      { id: 'ease', type: 'rating', scale: 'ces', text: { en: 'How easy was getting started?', 'zh-CN': '上手有多容易？' }, required: true, logic: [] },
      {
        id: 'more',
        type: 'text',
        text: { en: 'Anything else you want to tell us?', 'zh-CN': '还有什么想告诉我们的吗？' },
        required: false,
        maxLength: 2000,
        logic: [],
      },
    ],
  };
}
