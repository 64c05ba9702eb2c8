import { shellTexts } from '../i18n/shell.ts';
import { texts } from '../i18n/locale.ts';

// Placeholder until the sites page lands (issue 6).
export function SitesPage() {
  return <h1>{texts(shellTexts).sites}</h1>;
}
