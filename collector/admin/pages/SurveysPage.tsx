import { shellTexts } from '../i18n/shell.ts';
import { texts } from '../i18n/locale.ts';

// Placeholder until the surveys page lands (issue 6).
export function SurveysPage() {
  return <h1>{texts(shellTexts).surveys}</h1>;
}
