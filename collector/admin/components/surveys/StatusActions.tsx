import { surveyTexts } from '../../i18n/surveys.ts';
import { texts } from '../../i18n/locale.ts';
import { type SurveyStatus, changeStatus } from '../../models/surveys.ts';

type T = (typeof surveyTexts)['en'];

export function statusLabel(status: SurveyStatus, t: T): string {
  return { active: t.statusActive, paused: t.statusPaused, archived: t.statusArchived }[status];
}

/**
 * Pause / resume / archive / restore: a status change applies at once and makes no new version
 * (the wording stays the same). Archived surveys are hidden from visitors and can be restored.
 */
export function StatusActions(props: { siteId: string; surveyId: string; status: SurveyStatus; name: string }) {
  const t = texts(surveyTexts);
  const go = (status: SurveyStatus) => void changeStatus(props.siteId, props.surveyId, status);
  const label = (action: string) => `${action}: ${props.name}`;
  return (
    <span class="sv-row-actions">
      {props.status === 'active' && (
        <button type="button" aria-label={label(t.pause)} onClick={() => go('paused')}>
          {t.pause}
        </button>
      )}
      {props.status === 'paused' && (
        <button type="button" aria-label={label(t.resume)} onClick={() => go('active')}>
          {t.resume}
        </button>
      )}
      {props.status !== 'archived' ? (
        <button type="button" aria-label={label(t.archive)} onClick={() => go('archived')}>
          {t.archive}
        </button>
      ) : (
        <button type="button" aria-label={label(t.restore)} onClick={() => go('paused')}>
          {t.restore}
        </button>
      )}
    </span>
  );
}
