import { ChartFrame } from './ChartFrame.tsx';

export interface StackPart {
  label: string;
  n: number;
  /** CSS class giving the part its colour (a CSS variable, so both themes read well). */
  tone: string;
  href: string;
}

const W = 300;
const H = 18;

/** One horizontal bar split into parts by count; each part links to its responses. */
export function StackedBar(props: { parts: StackPart[]; summary: string; caption: string; countLabel: string; openLabel: string }) {
  const total = props.parts.reduce((s, p) => s + p.n, 0);
  let x = 0;
  const placed = props.parts.map((p) => {
    const width = total ? (p.n / total) * W : 0;
    const at = x;
    x += width;
    return { ...p, x: at, width };
  });
  const share = (n: number) => (total ? `${Math.round((100 * n) / total)}%` : '0%');
  return (
    <ChartFrame
      class="stacked"
      stretch
      width={W}
      height={H}
      summary={props.summary}
      links={placed.filter((p) => p.width > 0).map((p) => ({ x: p.x, width: p.width, label: `${p.label}: ${p.n} (${share(p.n)}) — ${props.openLabel}`, href: p.href }))}
      table={{ caption: props.caption, head: ['', props.countLabel, '%'], rows: props.parts.map((p) => [p.label, String(p.n), share(p.n)]) }}
    >
      {total === 0 ? (
        <rect class="empty-bar" x={0} y={0} width={W} height={H} rx={4} />
      ) : (
        placed.map((p) => p.width > 0 && <rect key={p.label} class={`part ${p.tone}`} x={p.x} y={0} width={p.width} height={H} />)
      )}
    </ChartFrame>
  );
}
