import { useRef, useState } from 'preact/hooks';
import { accountTexts } from '../i18n/accounts.ts';
import { texts } from '../i18n/locale.ts';

/**
 * Read-only text with a Copy button. When the clipboard is not available (plain HTTP on another
 * host, a denied permission) the text is selected so Ctrl+C finishes the job.
 */
export function CopyField({ label, value, multiline = false }: { label: string; value: string; multiline?: boolean }) {
  const t = texts(accountTexts);
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [status, setStatus] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus(t.copied);
    } catch {
      field.current?.select();
      setStatus(t.copyFailed);
    }
  }
  return (
    <div class="copy-field">
      <label>
        <span>{label}</span>
        {multiline ? (
          <textarea ref={field} readOnly rows={3} value={value} spellcheck={false} onFocus={(e) => e.currentTarget.select()} />
        ) : (
          <input ref={field} readOnly value={value} spellcheck={false} onFocus={(e) => e.currentTarget.select()} />
        )}
      </label>
      <button type="button" onClick={() => void copy()}>
        {t.copy}
      </button>
      <span class="copy-status" role="status">
        {status}
      </span>
    </div>
  );
}
