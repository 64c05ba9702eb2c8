// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createLauncher } from './launcher.ts';
import { createShadow } from './shadow.ts';

describe('launcher', () => {
  it('is a real button inside a shadow root, out of reach of host styles', () => {
    document.body.innerHTML = '';
    const shadow = createShadow(document, undefined);
    let opened = 0;
    const button = createLauncher(shadow.root, 'Feedback', () => void opened++);
    expect(document.querySelector('button')).toBeNull();
    expect(shadow.host.shadowRoot?.contains(button)).toBe(true);
    expect(button.getAttribute('aria-haspopup')).toBe('dialog');
    button.click();
    expect(opened).toBe(1);
  });
});
