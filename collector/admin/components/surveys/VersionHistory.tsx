import { localize } from '../../../../shared/schema/survey.ts';
import { surveyTexts } from '../../i18n/surveys.ts';
import { formatNumber, formatTime, locale, texts } from '../../i18n/locale.ts';
import { versions } from '../../models/surveys.ts';

/**
 * Every saved version with the responses that answered it, and the wording they saw: proof that
 * editing a live survey leaves earlier answers readable.
 */
export function VersionHistory() {
  const t = texts(surveyTexts);
  const items = versions.value;
  if (items.length === 0) return null;
  return (
    <section class="sv-section" aria-labelledby="sv-versions">
      <h2 id="sv-versions">{t.versions}</h2>
      <p class="sv-hint">{t.versionsHint}</p>
      <ol class="sv-versions">
        {items.map((item, i) => (
          <li key={item.version}>
            <details>
              <summary>
                {t.versionLine(item.version, formatTime(item.createdAt), formatNumber(item.responses))}
                {i === 0 && <span class="badge"> {t.current}</span>}
              </summary>
              <ol>
                {item.definition.questions.map((q) => (
                  <li key={q.id}>
                    <code>{q.id}</code> {localize(q.text, locale.value)}
                  </li>
                ))}
              </ol>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
