/** English strings. zh-CN.ts must have exactly the same keys (a test checks). */
export const launcher = {
  open: 'Feedback',
} as const;

export const ui = {
  title: 'Send us feedback',
  close: 'Close',
  category: 'What is it about?',
  bug: 'Bug',
  idea: 'Idea',
  praise: 'Praise',
  other: 'Other',
  message: 'Your message',
  messagePlaceholder: 'Tell us what happened or what you would like…',
  email: 'Email (optional, if you want a reply)',
  send: 'Send',
  sending: 'Sending…',
  thanks: 'Thank you! Your feedback has been sent.',
  done: 'Done',
  emptyMessage: 'Please write a message first.',
  badEmail: 'That email address does not look right; fix it or leave it empty.',
  rejected: 'The server refused this message:',
  surveyTitle: 'Quick question',
  queued: "Couldn't send it just now. Your message is saved and will be sent automatically.",
  next: 'Next',
  submit: 'Submit',
  required: 'Please answer this question.',
  progress: 'Question {n} of {total}',
  surveyThanks: 'Thank you for your answers!',
  followUpPlaceholder: 'Optional: tell us why…',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  csatLow: 'Very unsatisfied',
  csatHigh: 'Very satisfied',
  cesLow: 'Very difficult',
  cesHigh: 'Very easy',
  thumbsUp: 'Thumbs up',
  thumbsDown: 'Thumbs down',
  stars: '{n} of 5 stars',
};

export type UiStrings = { [K in keyof typeof ui]: string };
export type LauncherStrings = { [K in keyof typeof launcher]: string };
