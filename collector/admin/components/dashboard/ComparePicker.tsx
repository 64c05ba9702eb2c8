import { useState } from 'preact/hooks';
import type { SegmentKind } from '../../../../shared/schema/reports.ts';
import { dashboardTexts } from '../../i18n/dashboard.ts';
import { texts } from '../../i18n/locale.ts';
import { type Segments, segments } from '../../models/dashboard.ts';

const DEFAULTS: Record<SegmentKind, Omit<Segments, 'by'>> = {
  device: { key: 'plan', a: 'mobile', b: 'desktop' },
  channel: { key: 'plan', a: 'widget', b: 'api' },
  attr: { key: 'plan', a: 'pro', b: 'free' },
  survey: { key: 'plan', a: '', b: '' },
};

/** Picks the two segments: device, channel, survey, or a user attribute's two values (plan = pro vs free). */
export function ComparePicker({ surveys, onApply }: { surveys: Array<{ id: string; name: string }>; onApply: () => void }) {
  const t = texts(dashboardTexts);
  const [draft, setDraft] = useState<Segments>(segments.value);
  const set = (patch: Partial<Segments>) => setDraft({ ...draft, ...patch });
  const choice = (name: 'a' | 'b', label: string) => {
    if (draft.by === 'device') {
      return (
        <label>
          {label}
          <select value={draft[name]} onChange={(e) => set({ [name]: e.currentTarget.value })}>
            <option value="mobile">{t.mobile}</option>
            <option value="desktop">{t.desktop}</option>
            <option value="tablet">{t.tablet}</option>
          </select>
        </label>
      );
    }
    if (draft.by === 'survey') {
      return (
        <label>
          {label}
          <select value={draft[name]} onChange={(e) => set({ [name]: e.currentTarget.value })}>
            <option value="">—</option>
            {surveys.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      );
    }
    return (
      <label>
        {label}
        <input value={draft[name]} maxLength={200} required onInput={(e) => set({ [name]: e.currentTarget.value })} />
      </label>
    );
  };
  return (
    <form
      class="compare-picker"
      onSubmit={(e) => {
        e.preventDefault();
        segments.value = draft;
        onApply();
      }}
    >
      <label>
        {t.compareBy}
        <select value={draft.by} onChange={(e) => setDraft({ by: e.currentTarget.value as SegmentKind, ...DEFAULTS[e.currentTarget.value as SegmentKind] })}>
          <option value="device">{t.byDevice}</option>
          <option value="attr">{t.byAttr}</option>
          <option value="channel">{t.byChannel}</option>
          <option value="survey">{t.bySurvey}</option>
        </select>
      </label>
      {draft.by === 'attr' && (
        <label>
          {t.attrKey}
          <input value={draft.key} maxLength={64} required onInput={(e) => set({ key: e.currentTarget.value })} />
        </label>
      )}
      {choice('a', t.segmentA)}
      {choice('b', t.segmentB)}
      <button type="submit">{t.compareApply}</button>
    </form>
  );
}
