import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';

const root = import.meta.dirname;
const jsx = { jsx: { runtime: 'automatic', importSource: 'preact' } } as const;

/**
 * One config, three builds picked by --mode:
 *  widget-ui      the lazily loaded UI chunk (Preact) → dist/widget/widget-ui.js (ES module)
 *  widget-loader  the tiny script every page runs   → dist/widget/widget.js (classic IIFE)
 *  admin          the admin view                     → dist/admin/ (index.html, preview.html)
 * The loader is a classic script so a plain <script async> works everywhere; it pulls the UI
 * with a native dynamic import() only when something is about to be shown.
 */
const builds: Record<string, UserConfig> = {
  'widget-ui': {
    oxc: jsx,
    build: {
      outDir: resolve(root, 'dist/widget'),
      emptyOutDir: true,
      target: 'es2020',
      minify: true,
      lib: { entry: resolve(root, 'widget/ui/index.tsx'), formats: ['es'], fileName: () => 'widget-ui.js' },
      // Vite keeps whitespace and the JSX transform's /* @__PURE__ */ marks in ES library builds
      // for downstream tree-shaking; this file is shipped as is, so minify it fully and drop them
      // (74 bytes of brotli).
      rolldownOptions: { output: { minify: true, comments: { legal: true, annotation: false, jsdoc: false } } },
    },
  },
  'widget-loader': {
    build: {
      outDir: resolve(root, 'dist/widget'),
      emptyOutDir: false,
      target: 'es2020',
      minify: true,
      lib: { entry: resolve(root, 'widget/loader.ts'), formats: ['iife'], name: 'feedloopLoader', fileName: () => 'widget.js' },
    },
  },
  admin: {
    oxc: jsx,
    root: resolve(root, 'collector/admin'),
    base: '/admin/',
    build: {
      outDir: resolve(root, 'dist/admin'),
      emptyOutDir: true,
      target: 'es2022',
      // Two pages: the app, and the survey builder's preview frame (which loads the built widget
      // UI at run time from /widget-ui.js, never the widget source).
      rolldownOptions: {
        input: { main: resolve(root, 'collector/admin/index.html'), preview: resolve(root, 'collector/admin/preview.html') },
      },
    },
  },
};

export default defineConfig(({ mode }) => {
  const config = builds[mode];
  if (!config) throw new Error(`Unknown build mode "${mode}"; use one of: ${Object.keys(builds).join(', ')}`);
  return { ...config, publicDir: false, logLevel: 'warn' };
});
