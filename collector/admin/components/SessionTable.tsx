import type { SessionItem } from '../../../shared/schema/accounts.ts';
import { BROWSER_NAMES, OS_NAMES } from '../i18n/agent-names.ts';
import { accountTexts } from '../i18n/accounts.ts';
import { inboxTexts } from '../i18n/inbox.ts';
import { formatTime, texts } from '../i18n/locale.ts';

function agentLabel(item: SessionItem): string {
  const t = texts(accountTexts);
  const browser = BROWSER_NAMES[item.agent.browser];
  if (!browser) return t.unknownAgent;
  return t.agentClass(browser, OS_NAMES[item.agent.os] ?? '?', texts(inboxTexts).deviceName(item.agent.device));
}

/** Sessions with their browser class and times; each row can be signed out. */
export function SessionTable(props: { items: SessionItem[]; showUser?: boolean; disabled: boolean; onEnd(item: SessionItem): void }) {
  const t = texts(accountTexts);
  if (props.items.length === 0) return <p class="muted">{t.noSessions}</p>;
  return (
    <table class="grid sessions">
      <thead>
        <tr>
          {props.showUser && <th scope="col">{t.user}</th>}
          <th scope="col">{t.device}</th>
          <th scope="col">{t.signedIn}</th>
          <th scope="col">{t.expires}</th>
          <th scope="col">
            <span class="visually-hidden">{t.signOutSession}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((item) => (
          <tr key={item.id} aria-current={item.current ? 'true' : undefined}>
            {props.showUser && <td>{item.email}</td>}
            <td>
              {agentLabel(item)} {item.current && <span class="badge badge-current">{t.thisSession}</span>}
            </td>
            <td>{formatTime(item.createdAt)}</td>
            <td>{formatTime(item.expiresAt)}</td>
            <td class="actions">
              <button
                type="button"
                disabled={props.disabled}
                aria-label={`${t.signOutSession}: ${props.showUser ? `${item.email}, ` : ''}${agentLabel(item)}, ${formatTime(item.createdAt)}`}
                onClick={() => props.onEnd(item)}
              >
                {t.signOutSession}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
