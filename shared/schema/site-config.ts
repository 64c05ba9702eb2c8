import * as v from 'valibot';
import type { PublishedSurvey } from './survey.ts';

/** Per-site widget settings an admin edits; stored as JSON on the site. */
export const ThemeSchema = v.strictObject({
  accent: v.optional(v.pipe(v.string(), v.hexColor('must be a colour such as #4f46e5')), '#4f46e5'),
  position: v.optional(v.picklist(['bottom-right', 'bottom-left']), 'bottom-right'),
  mode: v.optional(v.picklist(['light', 'dark', 'auto']), 'auto'),
  radius: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(32)), 14),
});
export type Theme = v.InferOutput<typeof ThemeSchema>;

export const SiteSettingsSchema = v.strictObject({
  theme: v.optional(ThemeSchema, {}),
  /** Force one language; absent = the visitor's browser language decides. */
  locale: v.optional(v.picklist(['en', 'zh-CN'])),
  /** Show the floating feedback button. */
  launcher: v.optional(v.boolean(), true),
  /** Minimum days between any two surveys shown to the same person, across the site. */
  recontactDays: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(3650)), 3),
  /** Ask nothing of visitors who send Do-Not-Track or Global Privacy Control. */
  respectDoNotTrack: v.optional(v.boolean(), false),
});
export type SiteSettings = v.InferOutput<typeof SiteSettingsSchema>;

/** GET /v1/config?site=KEY: everything the widget needs, cacheable with an ETag. */
export interface SiteConfig {
  settings: SiteSettings;
  surveys: PublishedSurvey[];
}
