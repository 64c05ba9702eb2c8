/** Field limits and fixed vocabularies, schema-free so the widget can import them cheaply. */
export const LIMITS = {
  text: 5000,
  email: 254,
  url: 2048,
  title: 300,
  locale: 35,
} as const;

export const FEEDBACK_CATEGORIES = ['bug', 'idea', 'praise', 'other'] as const;
