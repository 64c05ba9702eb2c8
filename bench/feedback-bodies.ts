/**
 * Feedback bodies for the ingest bench, deterministic in `n`: one in ten is a copy of one of a
 * few flood texts (a copy-paste campaign, so clustering joins clusters), the rest are distinct
 * texts in English or Chinese (so clustering looks up and creates clusters), from 5,000 browsers.
 */
const WORDS = (
  'checkout cart payment button page search filter price order invoice email account login password ' +
  'mobile app screen menu dashboard report export settings profile delivery shipping refund coupon ' +
  'slow broken crash error blank missing wrong confusing great love easy fast helpful annoying ' +
  'click tap open save load submit upload change update cancel return find show need want ' +
  'customer support chat phone tablet browser window tab link image photo video file folder ' +
  'month week yesterday today tomorrow morning night always never sometimes again still ' +
  'address street city country currency tax discount receipt subscription plan trial upgrade ' +
  'notification message alert reminder calendar schedule booking ticket seat room table ' +
  'color font size layout button icon label field form checkbox dropdown slider toggle ' +
  'team manager colleague friend family customer service quality speed design feature').split(' ');
const HANZI = '结账按钮页面搜索价格订单发票邮箱账号登录密码手机应用菜单报表导出设置配送退款优惠很慢坏了错误空白缺少混乱喜欢方便快速希望增加修复一下'.split('');
const FLOODS = [
  'Your support team never answers, I want a refund for my last order now',
  '客服一直不回复，我要求马上退款，否则去投诉',
  'The new update broke the checkout page on every phone we tried',
];

/** xorshift32: cheap, deterministic pseudo-random numbers for body n. */
function random(seed: number): () => number {
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function distinctText(n: number): string {
  const next = random(Math.imul(n + 1, 2654435761));
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  if (n % 3 === 0) return Array.from({ length: 12 + Math.floor(next() * 16) }, () => pick(HANZI)).join('');
  const words = Array.from({ length: 8 + Math.floor(next() * 12) }, () => pick(WORDS));
  return `${words.join(' ')}.`;
}

export function feedbackBody(n: number): { key: string; body: string } {
  const key = `bench_${n.toString(36).padStart(12, '0')}`;
  const body = JSON.stringify({
    kind: 'feedback',
    idempotencyKey: key,
    clientId: `client_${(n % 5000).toString(36).padStart(6, '0')}`,
    category: 'bug',
    text: n % 10 === 0 ? FLOODS[(n / 10) % FLOODS.length]! : distinctText(n),
    page: { url: 'http://127.0.0.1/shop/checkout', title: 'Checkout' },
    locale: n % 3 === 0 ? 'zh-CN' : 'en-US',
    shownAt: Date.now() - 30_000,
  });
  return { key, body };
}
