/**
 * Warms a thread's analysis code before real texts need it. A fresh V8 isolate runs the analysis
 * in its interpreter and compiles the hot parts over its first few thousand texts: measured on the
 * development VM, its first 200 texts took 310–360 µs each against ~33 µs once compiled, and the
 * compiling kept V8's helper threads busy meanwhile. The collector starts three such isolates (the
 * event loop, the analysis thread, the catch-up thread), and without this each paid that price in
 * the first burst that reached it — the moment the machine had the least CPU to spare.
 *
 * The texts are made here from a few phrases of our own (no customer's or evaluation data), in
 * English, Chinese and both, short and long, with the cues the analysis reads (negation, degree
 * words, contrast, emoji, emoticons, repeated punctuation), so that each path of the analysis is
 * compiled for the kinds of text it will meet. Nothing made here is stored.
 */

const ENGLISH = [
  'the new dashboard is great',
  'checkout keeps failing on my phone',
  'not bad at all',
  'I really love the dark mode',
  'the search is a bit slow',
  'support never answered my email',
  'works fine but the export is broken',
  'very helpful, thanks',
  'I want a refund for this order',
  'the page does not load in Safari',
  'pricing is not clear to me',
  'extremely confusing settings page',
  'it was okay I guess',
  'please add an option to cancel',
  'the app crashed twice today',
  'it would be nice if the report loaded faster',
  'it used to be so much better',
  'not very good, to be honest',
  'I wish the editor were simpler',
  'although the team is kind, the bill is wrong',
  'this is TERRIBLE',
  'no, it works now',
  "I can't stand the new menu",
  'the sync is not working...',
  'just a little slow sometimes',
  'So good!!! Thank you so much',
  'Why is it so expensive???',
];

const CHINESE = [
  '界面很好看',
  '加载太慢了',
  '没有问题',
  '客服态度非常好',
  '有点贵',
  '付款的时候一直报错',
  '不太好用',
  '希望能增加导出功能',
  '但是物流太慢',
  '我要退款',
  '总体还不错',
  '页面打不开',
  '功能挺全的',
  '非常失望',
  '不是很满意',
  '很不方便',
  '一点都不好',
  '非常不满意',
  '稍微有点卡',
  '以前好用多了',
  '如果能便宜一点就好了',
  '虽然便宜，但是质量很差',
  '没毛病',
  '真的太棒了！！！',
  '为什么这么贵？？',
  '还行吧……',
];

const TAILS = ['', '', '', '!', '!!!', '???', ' 😀', ' 😡', ' :)', ' :(', ' 👍', '。', '！！', ' 🙏'];

/** How many texts warm an isolate: the analysis reached its compiled speed within ~2,000. */
export const WARM_UP_TEXTS = 2000;

export interface WarmUpText {
  text: string;
  locale: string | undefined;
}

/** The n-th warm-up text: one or two phrases, in either language or both, and a tail. */
export function warmUpText(n: number): WarmUpText {
  // A multiplicative hash spreads consecutive n over the phrase lists.
  const h = Math.imul(n + 1, 0x9e3779b1) >>> 0;
  const en = (k: number) => ENGLISH[(h >>> k) % ENGLISH.length]!;
  const zh = (k: number) => CHINESE[(h >>> k) % CHINESE.length]!;
  const tail = TAILS[(h >>> 20) % TAILS.length]!;
  switch (n % 6) {
    case 0:
      return { text: `${en(3)}${tail}`, locale: 'en' };
    case 1:
      return { text: `${zh(5)}${tail}`, locale: 'zh-CN' };
    case 2:
      return { text: `${en(7)}, but ${en(11)}${tail}`, locale: undefined };
    case 3:
      return { text: `${zh(9)}，${zh(13)}${tail}`, locale: undefined };
    case 4:
      return { text: `${en(15)} ${zh(2)}${tail}`, locale: 'zh-CN' };
    default:
      // Now and then a longer text, as a detailed complaint would be.
      return { text: `${en(4)}. ${zh(6)}。${en(8)}. ${en(12)}${tail} #${n}`, locale: undefined };
  }
}

/** How long one slice of the warm-up may hold its thread before real work gets its turn. */
const SLICE_MS = 4;

/**
 * Runs `analyse` over `count` warm-up texts, in slices of a few milliseconds with a turn of the
 * event loop between them, so a request or message that comes meanwhile waits one slice at most.
 * An error from the analysis is the caller's to hear: a warm-up that throws means real texts will.
 */
export function warmUp(analyse: (text: string, locale: string | undefined) => unknown, count = WARM_UP_TEXTS): Promise<void> {
  return new Promise((done, fail) => {
    let n = 0;
    const slice = () => {
      try {
        const until = performance.now() + SLICE_MS;
        while (n < count && performance.now() < until) {
          const { text, locale } = warmUpText(n++);
          analyse(text, locale);
        }
      } catch (error) {
        return fail(error);
      }
      if (n < count) setImmediate(slice);
      else done();
    };
    setImmediate(slice);
  });
}
