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
  offline: '无法连接服务器。请检查网络后再次点击“发送”，您填写的内容已保留。',
  serverError: '服务器出现问题。请稍后再次点击“发送”，您填写的内容已保留。',
  rejected: '服务器拒绝了这条留言：',
};
