import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Keeps the dependency directions of STYLE.md true: shared ← widget, shared ← collector;
// inside the collector routes → services → store; the loader never pulls in Preact or the UI.
const root = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

/** Module specifiers a file imports, relative ones resolved to repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    return spec.startsWith('.') ? relative(root, resolve(root, dirname(file), spec)) : spec;
  });
}

const isTest = (f: string) => /\.test\.tsx?$/.test(f);
const all = ['shared', 'widget', 'collector'].flatMap(sourceFiles);
const production = all.filter((f) => !isTest(f));

function violations(files: string[], forbidden: (spec: string) => boolean): string[] {
  return files.flatMap((f) => importsOf(f).filter(forbidden).map((spec) => `${f} → ${spec}`));
}

describe('architecture', () => {
  it('shared/ imports neither side, nor DOM frameworks, servers or node built-ins', () => {
    const bad = violations(
      production.filter((f) => f.startsWith('shared/')),
      (s) => /^(widget|collector)\//.test(s) || /^(preact|@preact|hono|@hono|kysely|better-sqlite3|node:)/.test(s),
    );
    expect(bad).toEqual([]);
  });

  it('the widget and the collector never import each other', () => {
    expect(violations(production.filter((f) => f.startsWith('widget/')), (s) => s.startsWith('collector/'))).toEqual([]);
    expect(violations(production.filter((f) => f.startsWith('collector/')), (s) => s.startsWith('widget/'))).toEqual([]);
  });

  it('the widget loader never reaches Preact or the UI, even indirectly', () => {
    const seen = new Set<string>();
    const queue = ['widget/loader.ts'];
    while (queue.length) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of importsOf(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(preact|@preact)|^widget\/ui\//);
        if (/^(widget|shared)\//.test(spec)) queue.push(spec);
      }
    }
    expect(seen.size).toBeGreaterThan(3);
  });

  it('the widget UI gets the transport only through the contract', () => {
    expect(violations(production.filter((f) => f.startsWith('widget/ui/')), (s) => s.startsWith('widget/transport/'))).toEqual([]);
  });

  it('inside the collector: routes → services → store, never backwards', () => {
    const layer = (prefix: string) => production.filter((f) => f.startsWith(`collector/${prefix}/`));
    expect(violations(layer('store'), (s) => /^collector\/(services|routes|http)\/|^hono/.test(s))).toEqual([]);
    expect(violations(layer('services'), (s) => /^collector\/(routes|http)\/|^hono|^@hono/.test(s))).toEqual([]);
    expect(violations(layer('http'), (s) => /^collector\/routes\//.test(s))).toEqual([]);
  });

  it('the admin view (a browser app) imports only shared code and its own files', () => {
    const bad = violations(
      production.filter((f) => f.startsWith('collector/admin/')),
      (s) => /^collector\/(?!admin\/)/.test(s) || /^(hono|kysely|better-sqlite3|node:)/.test(s),
    );
    expect(bad).toEqual([]);
  });

  it('no production code imports test/, bench/ or examples/', () => {
    expect(violations(production, (s) => /^(test|bench|examples)\//.test(s))).toEqual([]);
  });
});
