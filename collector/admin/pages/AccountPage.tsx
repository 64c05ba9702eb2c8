import { shellTexts } from '../i18n/shell.ts';
import { texts } from '../i18n/locale.ts';

// Placeholder until the account page lands (issue 6).
export function AccountPage() {
  return <h1>{texts(shellTexts).account}</h1>;
}
