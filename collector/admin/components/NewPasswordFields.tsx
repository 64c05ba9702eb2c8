import type { RefObject } from 'preact';
import { PASSWORD_MIN_LENGTH } from '../../../shared/schema/accounts.ts';
import { accountTexts } from '../i18n/accounts.ts';
import { texts } from '../i18n/locale.ts';

/** "New password" with its rule and "repeat it": the invite page and the account page ask alike. */
export function NewPasswordFields(props: {
  password: RefObject<HTMLInputElement | null>;
  repeated: RefObject<HTMLInputElement | null>;
  /** Id of the rule's paragraph, unique on the page. */
  ruleId: string;
  autoFocus?: boolean;
}) {
  const t = texts(accountTexts);
  return (
    <>
      <label>
        {t.newPassword}
        <input
          ref={props.password}
          type="password"
          name="new-password"
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
          required
          autoFocus={props.autoFocus}
          aria-describedby={props.ruleId}
        />
      </label>
      <p id={props.ruleId} class="muted small">
        {t.passwordRule(PASSWORD_MIN_LENGTH)}
      </p>
      <label>
        {t.confirmPassword}
        <input ref={props.repeated} type="password" name="repeat-password" autoComplete="new-password" required />
      </label>
    </>
  );
}
