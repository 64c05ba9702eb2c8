import { surveyTexts } from '../../i18n/surveys.ts';
import { texts } from '../../i18n/locale.ts';
import { listError, listLoading, statusNotice, surveys } from '../../models/surveys.ts';
import { href } from '../../router.ts';
import { StatusActions, statusLabel } from './StatusActions.tsx';
import { SURVEY_KINDS, kindOf } from './templates.ts';

/** The site's surveys with kind, status and version, and one "new" button per template. */
export function SurveyList(props: { siteId: string; canEdit: boolean; onRetry(): void }) {
  const t = texts(surveyTexts);
  const items = surveys.value;
  const notice = statusNotice.value;
  return (
    <section aria-labelledby="sv-title">
      <h1 id="sv-title">{t.title}</h1>
      <p class="sv-hint">{t.intro}</p>
      {props.canEdit ? (
        <nav class="sv-templates" aria-label={t.newFrom}>
          <h2>{t.newFrom}</h2>
          <ul>
            {SURVEY_KINDS.map((kind) => (
              <li key={kind}>
                <a class="sv-template" href={href('/surveys/new', { kind })}>
                  <strong>{t[`kind_${kind}`]}</strong>
                  <span>{t[`kindHint_${kind}`]}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        <p class="sv-note">{t.readOnly}</p>
      )}
      <p class="sv-status" role="status">
        {listLoading.value ? t.loading : notice ? t.statusChanged(notice.name, statusLabel(notice.status, t)) : ''}
      </p>
      {listError.value && (
        <p class="error" role="alert">
          {t.loadFailed(listError.value)}{' '}
          <button type="button" onClick={props.onRetry}>
            {t.retry}
          </button>
        </p>
      )}
      {!listLoading.value && items.length === 0 && !listError.value && <p class="empty">{t.empty}</p>}
      {items.length > 0 && (
        <table class="sv-table">
          <thead>
            <tr>
              <th scope="col">{t.colName}</th>
              <th scope="col">{t.colKind}</th>
              <th scope="col">{t.colStatus}</th>
              <th scope="col">{t.colVersion}</th>
              <th scope="col">{t.colActions}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} class={s.status === 'archived' ? 'sv-archived' : undefined}>
                <th scope="row">
                  <a href={href(`/surveys/${s.id}`)}>{s.name}</a>
                </th>
                <td>{t[`kind_${kindOf(s)}`]}</td>
                <td>
                  <span class={`sv-pill sv-status-${s.status}`}>{statusLabel(s.status, t)}</span>
                </td>
                <td>v{s.version}</td>
                <td>{props.canEdit && <StatusActions siteId={props.siteId} surveyId={s.id} status={s.status} name={s.name} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
