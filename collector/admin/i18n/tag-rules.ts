import { defineTexts } from './locale.ts';

/** Strings of the tag-rules panel on the Sites page. */
export const tagRuleTexts = defineTexts(
  {
    heading: 'Tag rules',
    intro:
      'Each rule tags every response whose text contains its keyword or phrase, in English or Chinese. New responses are tagged as they arrive; when you add or delete a rule, the responses you already have are checked again. Tags added by hand in the inbox stay beside these.',
    howItMatches:
      'Case, full-width and half-width forms and punctuation are ignored, so "Check-out" finds "check out". A pattern with Chinese characters matches anywhere in the text (Chinese has no spaces between words); any other pattern matches whole words only, so "app" does not tag "happy".',
    readOnly: 'Only admins can add or delete tag rules.',
    loading: 'Loading tag rules…',
    loadFailed: (why: string) => `Could not load the tag rules: ${why}`,
    retry: 'Retry',
    none: 'No tag rules yet.',
    noneAdmin: 'No tag rules yet. Add one below.',
    colPattern: 'Keyword or phrase',
    colTag: 'Tag',
    colCreated: 'Created',
    arrow: '→',
    // Form
    addHeading: 'Add a rule',
    pattern: 'Keyword or phrase',
    patternPlaceholder: 'refund, check out, 退款',
    tag: 'Tag',
    tagPlaceholder: 'billing',
    add: 'Add rule',
    adding: 'Adding…',
    added: (pattern: string, tag: string) => `Rule added: "${pattern}" → ${tag}.`,
    alreadyThere: (pattern: string, tag: string) => `This rule already exists: "${pattern}" → ${tag}.`,
    patternInvalid: 'Enter a keyword or phrase of 1 to 200 characters.',
    patternNoLetters: 'The keyword or phrase needs letters, digits or Chinese characters; punctuation, symbols and emoji alone never match.',
    tagInvalid: 'Enter a tag of 1 to 64 characters.',
    // Delete
    remove: 'Delete',
    removeLabel: (pattern: string, tag: string) => `Delete rule "${pattern}" → ${tag}`,
    removeConfirm: (pattern: string, tag: string) =>
      `Delete the rule "${pattern}" → ${tag}? Responses tagged only by this rule lose the tag ${tag}; hand-added tags stay.`,
    removed: (pattern: string, tag: string) => `Rule deleted: "${pattern}" → ${tag}.`,
    removing: 'Deleting…',
    err_not_found: 'This rule no longer exists (someone may have deleted it). The list has been reloaded.',
    // Re-application
    progressLabel: 'Re-applying rules to existing responses',
    starting: 'Re-applying rules to existing responses…',
    running: (done: string, total: string, changed: string) =>
      `Re-applying rules to existing responses: ${done} of ${total} checked, ${changed} changed.`,
    finished: (total: string, changed: string, when: string) =>
      `All ${total} responses follow the rules (changed ${changed}, finished ${when}).`,
    pollFailed: (why: string) => `Could not check the progress of the re-application: ${why} It keeps running on the server; reload the page to see it.`,
  },
  {
    heading: '标签规则',
    intro:
      '每条规则会给文本中包含该关键词或短语（中文或英文）的所有反馈打上标签。新反馈到达时即打标签；添加或删除规则后，已有的反馈会重新检查一遍。在收件箱里手动添加的标签与这些标签并存。',
    howItMatches:
      '匹配时忽略大小写、全角半角和标点，所以 "Check-out" 能匹配 "check out"。含中文字符的规则在文本任意位置都能匹配（中文词之间没有空格）；其他规则只匹配完整的单词，所以 "app" 不会给 "happy" 打标签。',
    readOnly: '只有管理员可以添加或删除标签规则。',
    loading: '正在加载标签规则…',
    loadFailed: (why: string) => `无法加载标签规则：${why}`,
    retry: '重试',
    none: '还没有标签规则。',
    noneAdmin: '还没有标签规则。请在下方添加。',
    colPattern: '关键词或短语',
    colTag: '标签',
    colCreated: '创建时间',
    arrow: '→',
    addHeading: '添加规则',
    pattern: '关键词或短语',
    patternPlaceholder: '退款、结账、refund',
    tag: '标签',
    tagPlaceholder: '账单',
    add: '添加规则',
    adding: '正在添加…',
    added: (pattern: string, tag: string) => `已添加规则："${pattern}" → ${tag}。`,
    alreadyThere: (pattern: string, tag: string) => `该规则已存在："${pattern}" → ${tag}。`,
    patternInvalid: '请输入 1 到 200 个字符的关键词或短语。',
    patternNoLetters: '关键词或短语需要包含字母、数字或汉字；只有标点、符号或表情符号的规则永远不会匹配。',
    tagInvalid: '请输入 1 到 64 个字符的标签。',
    remove: '删除',
    removeLabel: (pattern: string, tag: string) => `删除规则 "${pattern}" → ${tag}`,
    removeConfirm: (pattern: string, tag: string) =>
      `删除规则 "${pattern}" → ${tag}？只由这条规则打上 ${tag} 标签的反馈将失去该标签；手动添加的标签保留。`,
    removed: (pattern: string, tag: string) => `已删除规则："${pattern}" → ${tag}。`,
    removing: '正在删除…',
    err_not_found: '这条规则已不存在（可能已被他人删除）。列表已重新加载。',
    progressLabel: '正在将规则重新应用到已有反馈',
    starting: '正在将规则重新应用到已有反馈…',
    running: (done: string, total: string, changed: string) =>
      `正在将规则重新应用到已有反馈：已检查 ${done} / ${total} 条，已更改 ${changed} 条。`,
    finished: (total: string, changed: string, when: string) =>
      `全部 ${total} 条反馈均已符合规则（更改 ${changed} 条，完成于 ${when}）。`,
    pollFailed: (why: string) => `无法查看重新应用的进度：${why} 服务器上仍在继续运行；刷新页面即可查看。`,
  },
);
