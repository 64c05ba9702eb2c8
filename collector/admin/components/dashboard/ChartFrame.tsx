import type { ComponentChildren } from 'preact';

export interface ChartLink {
  /** Position and size in viewBox units (x across, y down). */
  x: number;
  width: number;
  y?: number;
  height?: number;
  label: string;
  href: string;
}

export interface ChartTable {
  caption: string;
  head: string[];
  rows: string[][];
}

/**
 * A chart: the drawing is one SVG image (role="img" with a summary for screen readers), the data
 * is also a visually hidden table, and the drill-down targets are real links laid over the marks
 * — in the tab order, with a visible focus ring and a label saying what they open.
 */
export function ChartFrame(props: {
  width: number;
  height: number;
  summary: string;
  links: ChartLink[];
  table: ChartTable;
  children: ComponentChildren;
  class?: string;
  /** Fill the box whatever its shape (only for drawings without text or circles, e.g. a bar). */
  stretch?: boolean;
}) {
  const { width, height } = props;
  const pct = (v: number, of: number) => `${(100 * v) / of}%`;
  return (
    <div class={`chart ${props.class ?? ''}`}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.summary} preserveAspectRatio={props.stretch ? 'none' : undefined}>
        <title>{props.summary}</title>
        {props.children}
      </svg>
      <div class="chart-links">
        {props.links.map((l, i) => (
          <a
            key={i}
            href={l.href}
            aria-label={l.label}
            title={l.label}
            style={{ left: pct(l.x, width), width: pct(l.width, width), top: pct(l.y ?? 0, height), height: pct(l.height ?? height, height) }}
          />
        ))}
      </div>
      <table class="visually-hidden">
        <caption>{props.table.caption}</caption>
        <thead>
          <tr>
            {props.table.head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.table.rows.map((r, i) => (
            <tr key={i}>
              {r.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
