import type { SessionItem } from '../../../shared/schema/accounts.ts';
import { accountTexts } from '../i18n/accounts.ts';
import { formatTime, texts } from '../i18n/locale.ts';

const BROWSERS: Record<string, string> = {
  chrome: 'Chrome',
  edge: 'Edge',
  firefox: 'Firefox',
  safari: 'Safari',
  opera: 'Opera',
  samsung: 'Samsung Internet',
  wechat: 'WeChat',
};
const SYSTEMS: Record<string, string> = {
  windows: 'Windows',
  macos: 'macOS',
  ios: 'iOS',
  android: 'Android',
  linux: 'Linux',
  chromeos: 'ChromeOS',
};

function agentLabel(item: SessionItem): string {
  const t = texts(accountTexts);
  const browser = BROWSERS[item.agent.browser];
  if (!browser) return t.unknownAgent;
  return t.agentClass(browser, SYSTEMS[item.agent.os] ?? '?', item.agent.device);
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
