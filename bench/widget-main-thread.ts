import { launchBrowser, startCollector } from '../test/e2e/support.ts';

/**
 * `npm run bench:widget`: what the loader costs the host page. Opens the basic example page in
 * Chromium (4× CPU throttling, like a mid-range phone) with and without the widget's script,
 * and prints script time, the longest task, tasks over 50 ms and layout shift, as medians of
 * several loads. Run after a build.
 */
const RUNS = 7;

interface Sample {
  scriptMs: number;
  longestTaskMs: number;
  longTasks: number;
  layoutShift: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const collector = await startCollector();
  const browser = await launchBrowser();
  try {
    const measure = async (withWidget: boolean): Promise<Sample> => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Performance.enable');
      if (!withWidget) await page.route('**/widget.js', (route) => route.fulfill({ body: '', contentType: 'text/javascript' }));
      await page.addInitScript(() => {
        const w = window as unknown as { __tasks: number[]; __shift: number };
        w.__tasks = [];
        w.__shift = 0;
        new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__tasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
        new PerformanceObserver((list) =>
          list.getEntries().forEach((e) => (w.__shift += (e as unknown as { value: number }).value)),
        ).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${collector.url}/examples/basic/`, { waitUntil: 'load' });
      // The same wait in both runs, so Playwright's own injected code costs both the same.
      await page.waitForFunction(
        (expectWidget) => !expectWidget || !!document.querySelector('feedloop-widget')?.shadowRoot?.querySelector('button'),
        withWidget,
      );
      await page.waitForTimeout(300);
      const metrics = (await cdp.send('Performance.getMetrics')).metrics;
      const scriptMs = (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
      const { tasks, shift } = await page.evaluate(() => {
        const w = window as unknown as { __tasks: number[]; __shift: number };
        return { tasks: w.__tasks, shift: w.__shift };
      });
      await context.close();
      return { scriptMs, longestTaskMs: Math.max(0, ...tasks), longTasks: tasks.length, layoutShift: shift };
    };

    for (const withWidget of [false, true]) {
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await measure(withWidget));
      const m = (key: keyof Sample) => median(samples.map((s) => s[key]));
      console.log(
        `${withWidget ? 'with widget   ' : 'without widget'} script_ms=${m('scriptMs').toFixed(1)} longest_task_ms=${m('longestTaskMs').toFixed(1)} tasks_over_50ms=${m('longTasks')} layout_shift=${m('layoutShift').toFixed(4)} (median of ${RUNS}, 4x CPU throttling)`,
      );
    }
  } finally {
    await browser.close();
    await collector.stop();
  }
}

await main();
