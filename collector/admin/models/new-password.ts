import { PASSWORD_MIN_LENGTH } from '../../../shared/schema/accounts.ts';
import { accountTexts } from '../i18n/accounts.ts';
import { texts } from '../i18n/locale.ts';

/** What is wrong with a chosen password and its repetition, in the reader's language; undefined when nothing. */
export function newPasswordProblem(password: string, repeated: string): string | undefined {
  const t = texts(accountTexts);
  if (password.length < PASSWORD_MIN_LENGTH) return t.passwordTooShort(PASSWORD_MIN_LENGTH);
  if (password !== repeated) return t.passwordsDiffer;
  return undefined;
}
