import type { Theme } from '../../shared/schema/site-config.ts';
import type { PublishedSurvey } from '../../shared/schema/survey.ts';

/**
 * Messages between the survey builder and its preview iframe (/admin/preview.html). Both sides
 * are on the collector's origin and check it, and the source window, on every message.
 */
export const PREVIEW_CHANNEL = 'feedloop-preview';

export type ToPreview = {
  channel: typeof PREVIEW_CHANNEL;
  type: 'render';
  /** A definition that passed the collector's schema (defaults filled in), as the widget gets it. */
  survey: PublishedSurvey;
  locale: 'en' | 'zh-CN';
  theme: Pick<Theme, 'accent' | 'radius' | 'mode' | 'position'>;
  /** The admin view's own language, for the preview page's banner. */
  uiLocale: 'en' | 'zh-CN';
};

export type FromPreview =
  | { channel: typeof PREVIEW_CHANNEL; type: 'ready' }
  | { channel: typeof PREVIEW_CHANNEL; type: 'saved'; answers: Record<string, unknown>; finished: boolean }
  | { channel: typeof PREVIEW_CHANNEL; type: 'dismissed' }
  | { channel: typeof PREVIEW_CHANNEL; type: 'error'; message: string };

export function isPreviewMessage<M extends { channel: string }>(data: unknown): data is M {
  return typeof data === 'object' && data !== null && (data as { channel?: unknown }).channel === PREVIEW_CHANNEL;
}

/**
 * The custom properties and dialog placement the loader's stylesheet gives the shadow host
 * (widget/launcher.ts LAUNCHER_CSS, which lives in the loader and not in the UI chunk); a test
 * keeps the two in step.
 */
export const PREVIEW_HOST_CSS =
  ':host{--fl-accent:#4f46e5;--fl-on-accent:#fff;--fl-r:14px;--fl-font:system-ui,sans-serif}' +
  '.fl-launcher,.fl-dialog{position:fixed;right:20px;bottom:20px}' +
  ':host([data-position=bottom-left]) :is(.fl-launcher,.fl-dialog){left:20px;right:auto}';
