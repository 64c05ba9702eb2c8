import type { LauncherStrings, UiStrings } from './en.ts';

/** Simplified Chinese strings, key for key the same as en.ts. */
export const launcher: LauncherStrings = {
  open: '反馈',
};

export const ui: UiStrings = {
  title: '给我们反馈',
  close: '关闭',
  category: '关于什么？',
  bug: '问题',
  idea: '建议',
  praise: '表扬',
  other: '其他',
  message: '您的留言',
  messagePlaceholder: '请告诉我们发生了什么，或您希望我们改进什么……',
  email: '邮箱（选填，需要回复时填写）',
  send: '发送',
  sending: '正在发送……',
  thanks: '谢谢！您的反馈已发送。',
  done: '完成',
  emptyMessage: '请先填写留言。',
  badEmail: '邮箱地址格式不正确，请修改或留空。',
  rejected: '服务器拒绝了这条留言：',
  surveyTitle: '快速提问',
  queued: '暂时无法发送。留言已保存，稍后会自动发送。',
  next: '下一题',
  submit: '提交',
  required: '请回答这个问题。',
  progress: '第 {n} 题，共 {total} 题',
  surveyThanks: '感谢您的回答！',
  followUpPlaceholder: '选填：请告诉我们原因……',
  npsLow: '完全不可能',
  npsHigh: '非常可能',
  csatLow: '非常不满意',
  csatHigh: '非常满意',
  cesLow: '非常困难',
  cesHigh: '非常容易',
  thumbsUp: '赞',
  thumbsDown: '踩',
  stars: '{n} 星（满分 5 星）',
};
