import { accountTexts } from '../i18n/accounts.ts';
import { LOCALES, LOCALE_NAMES, type Locale, locale, setLocale, texts } from '../i18n/locale.ts';


/** The language switch for pages shown before sign-in (the shell has its own in the header). */
export function LanguageSelect() {
  return (
    <label class="language-select">
      <span>{texts(accountTexts).language}</span>
      <select value={locale.value} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
