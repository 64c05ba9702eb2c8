import { shellTexts } from '../i18n/shell.ts';
import { texts } from '../i18n/locale.ts';

// Placeholder until the dashboard page lands (issue 6).
export function DashboardPage() {
  return <h1>{texts(shellTexts).dashboard}</h1>;
}
