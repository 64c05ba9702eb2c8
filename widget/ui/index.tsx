import { render } from 'preact';
import type { SurveySession, UiHost } from '../../shared/contract.ts';
import { ui as en } from '../i18n/en.ts';
import { ui as zh } from '../i18n/zh-CN.ts';
import { Dialog } from './Dialog.tsx';
import { FeedbackForm } from './FeedbackForm.tsx';
import { createFeedbackModel } from './models/feedback.ts';
import { createSurveyModel } from './models/survey.ts';
import { Survey } from './Survey.tsx';
import { UI_CSS } from './styles.ts';

const styled = new WeakSet<ShadowRoot>();
let closeCurrent: (() => void) | undefined;

/** Mounts one dialog in the host's shadow root; closing unmounts it and tells the loader. */
function mount(host: UiHost, title: string, body: (close: () => void) => preact.ComponentChildren, onDismiss?: () => void) {
  if (!styled.has(host.root)) {
    host.adoptStyles(UI_CSS);
    styled.add(host.root);
  }
  closeCurrent?.();
  const t = host.locale === 'zh-CN' ? zh : en;
  const el = document.createElement('div');
  el.lang = host.locale;
  host.root.appendChild(el);
  const close = () => {
    if (closeCurrent !== close) return;
    closeCurrent = undefined;
    onDismiss?.();
    render(null, el);
    el.remove();
    host.onClose();
  };
  closeCurrent = close;
  render(
    <Dialog title={title} closeLabel={t.close} onClose={close}>
      {body(close)}
    </Dialog>,
    el,
  );
}

/** Entry of the lazily loaded UI chunk: the loader calls these through the UiModule seam. */
export function openFeedback(host: UiHost): void {
  const t = host.locale === 'zh-CN' ? zh : en;
  const model = createFeedbackModel(host.send, t);
  mount(host, t.title, (close) => <FeedbackForm model={model} t={t} onDone={close} />);
}

export function openSurvey(host: UiHost, session: SurveySession): void {
  const t = host.locale === 'zh-CN' ? zh : en;
  const model = createSurveyModel(session);
  mount(host, t.surveyTitle, (close) => <Survey model={model} locale={host.locale} t={t} onDone={close} />, () => {
    if (model.phase.value !== 'done') model.dismiss();
  });
}

export function close(): void {
  closeCurrent?.();
}
