import { shellTexts } from '../i18n/shell.ts';
import { texts } from '../i18n/locale.ts';

// Placeholder until the team page lands (issue 6).
export function TeamPage() {
  return <h1>{texts(shellTexts).team}</h1>;
}
