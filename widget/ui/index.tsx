import { render } from 'preact';
import type { UiHost } from '../../shared/contract.ts';
import { ui as en } from '../i18n/en.ts';
import { ui as zh } from '../i18n/zh-CN.ts';
import { Dialog } from './Dialog.tsx';
import { FeedbackForm } from './FeedbackForm.tsx';
import { createFeedbackModel } from './models/feedback.ts';
import { UI_CSS } from './styles.ts';

const styled = new WeakSet<ShadowRoot>();

/** Entry of the lazily loaded UI chunk: the loader calls it through the UiModule seam. */
export function openFeedback(host: UiHost): void {
  if (!styled.has(host.root)) {
    host.adoptStyles(UI_CSS);
    styled.add(host.root);
  }
  const t = host.locale === 'zh-CN' ? zh : en;
  const mount = document.createElement('div');
  mount.lang = host.locale;
  host.root.appendChild(mount);
  const model = createFeedbackModel(host.send, t);
  const close = () => {
    render(null, mount);
    mount.remove();
    host.onClose();
  };
  render(
    <Dialog title={t.title} closeLabel={t.close} onClose={close}>
      <FeedbackForm model={model} t={t} onDone={close} />
    </Dialog>,
    mount,
  );
}
