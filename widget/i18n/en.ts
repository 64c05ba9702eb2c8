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
  offline: 'Could not reach the server. Check your connection and press Send again; your text is kept.',
  serverError: 'The server had a problem. Press Send again in a moment; your text is kept.',
  rejected: 'The server refused this message:',
};

export type UiStrings = { [K in keyof typeof ui]: string };
export type LauncherStrings = { [K in keyof typeof launcher]: string };
