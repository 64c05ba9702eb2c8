// @vitest-environment happy-dom
import { render } from 'preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LAUNCHER_CSS } from '../../../../widget/launcher.ts';
import { type TestContext, createTestContext } from '../../../../test/helpers/context.ts';
import { randomIds } from '../../../services/clock-ids.ts';
import { createSurvey } from '../../../services/surveys.ts';
import { setCsrfToken } from '../../api.ts';
import { setLocale } from '../../i18n/locale.ts';
import { session } from '../../models/session.ts';
import { siteId } from '../../models/sites.ts';
import { checkDraft, closeEditor, draft, editing, previewLocale, saveResult, surveys } from '../../models/surveys.ts';
import { SurveysPage } from '../../pages/SurveysPage.tsx';
import { PREVIEW_HOST_CSS, type ToPreview } from '../../preview-protocol.ts';
import { addQuestion, removeQuestion, renameOption, renameQuestion } from './draft-ops.ts';
import { SURVEY_KINDS, kindOf, template } from './templates.ts';
import { routeFetchToApp } from '../../../../test/helpers/admin-view.ts';

// The builder against a real collector: the admin view's fetch goes to the app in-process, with
// the session cookie and Origin a browser on the collector's origin would send.
interface HappyDomSettings {
  enableIframePageLoading: boolean;
  fetch: { interceptor: { beforeAsyncRequest(): Promise<Response> } | null };
}

let ctx: TestContext;
let app: HTMLElement;

beforeAll(async () => {
  // The preview frame gets an empty page here (happy-dom would otherwise refuse it with a logged
  // stack per render); the real preview is covered by test/e2e/survey-builder.e2e.test.ts.
  const { settings } = (window as unknown as { happyDOM: { settings: HappyDomSettings } }).happyDOM;
  settings.enableIframePageLoading = true;
  settings.fetch.interceptor = { beforeAsyncRequest: async () => new Response('<!doctype html><title>preview</title>') };
  ctx = await createTestContext();
  const { csrfToken, user } = await routeFetchToApp(ctx);
  setCsrfToken(csrfToken);
  session.value = { user: { id: user.id, email: user.email, role: 'admin' }, csrfToken };
});
afterAll(async () => {
  await ctx.close();
});

beforeEach(() => {
  siteId.value = ctx.site.id;
  app = document.createElement('div');
  document.body.appendChild(app);
});
afterEach(() => {
  render(null, app);
  app.remove();
  closeEditor();
  previewLocale.value = 'en';
  location.hash = '';
});

const tick = async (n = 10) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 5));
};
async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await tick(1);
  }
  throw new Error(`timed out waiting for ${what}`);
}
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;
/** Types into a field and lets Preact redraw, as a browser does between two keystrokes. */
async function type(el: HTMLInputElement | HTMLTextAreaElement | null, value: string) {
  if (!el) throw new Error('no such field');
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await tick(1);
}
async function choose(el: HTMLSelectElement | null, value: string) {
  if (!el) throw new Error('no such select');
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
  await tick(1);
}
function button(name: string | RegExp): HTMLButtonElement {
  const found = [...app.querySelectorAll('button')].find((b) =>
    typeof name === 'string' ? (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name : name.test(b.getAttribute('aria-label') ?? b.textContent ?? ''),
  );
  if (!found) throw new Error(`no button ${name}`);
  return found;
}
async function openNew(kind: string) {
  location.hash = `#/surveys/new?kind=${kind}`;
  await tick();
  render(<SurveysPage />, app);
  await until(() => draft.value !== null && app.querySelector('form.sv-form') !== null, 'the editor');
}
async function save() {
  app.querySelector('form.sv-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await tick();
}

describe('templates', () => {
  it.each(SURVEY_KINDS)('%s starts as a valid definition of its own kind, worded in both languages', (kind) => {
    const def = template(kind);
    expect(checkDraft(def).problems).toEqual([]);
    expect(kindOf(def)).toBe(kind);
    for (const q of def.questions) expect(q.text['zh-CN']).toBeTruthy();
  });
});

describe('draft edits', () => {
  it('renaming a question or an option carries its skip-logic rules along', () => {
    let def = template('survey');
    def = renameQuestion(def, 2, 'comments');
    expect(def.questions[0]!.logic).toEqual([{ option: 'other', goto: 'comments' }]);
    const choice = def.questions[0]!;
    if (choice.type !== 'single') throw new Error('template changed');
    expect(renameOption(choice, 2, 'else').logic).toEqual([{ option: 'else', goto: 'comments' }]);
    expect(checkDraft(def).problems).toEqual([]);
  });

  it('removing a question drops the rules that jumped to it, so the draft stays valid', () => {
    const def = removeQuestion(template('survey'), 2);
    expect(def.questions[0]!.logic).toEqual([]);
    expect(checkDraft(def).problems).toEqual([]);
  });

  it('a new question starts blank and the check says which field to fill', () => {
    const def = addQuestion(template('nps'), 'single');
    const paths = checkDraft(def).problems.map((p) => p.path);
    expect(paths).toEqual(['questions.1.text.en', 'questions.1.options.0.label.en', 'questions.1.options.1.label.en']);
  });
});

describe('survey editor', () => {
  it('edits options and skip logic of a micro-survey into the draft', async () => {
    await openNew('survey');
    await type(byId('f-questions-0-options-1-label-en'), 'Team lead');
    await type(byId('f-questions-0-options-1-label-zh-CN'), '团队负责人');
    button('Add option').click();
    await tick();
    await type(byId('f-questions-0-options-3-id'), 'student');
    await type(byId('f-questions-0-options-3-label-en'), 'Student');
    // A second rule: students skip straight to the end.
    button(/^Add rule$/).click();
    await tick();
    await choose(byId('f-questions-0-logic-1-option'), 'student');
    await choose(byId('f-questions-0-logic-1-goto'), 'end');
    await tick();
    const first = draft.value!.questions[0]!;
    expect(first.type === 'single' && first.options[1]).toEqual({ id: 'manager', label: { en: 'Team lead', 'zh-CN': '团队负责人' } });
    expect(first.type === 'single' && first.options[3]).toEqual({ id: 'student', label: { en: 'Student' } });
    expect(first.logic).toEqual([
      { option: 'other', goto: 'more' },
      { option: 'student', goto: 'end' },
    ]);
    expect(checkDraft(draft.value!).problems).toEqual([]);
    expect(app.textContent).toContain('Unsaved changes');
  });

  it('edits follow-up wording per score band, triggers and caps', async () => {
    await openNew('nps');
    await type(byId('f-questions-0-followUp-mid-en'), 'What is missing for a 10?');
    await type(byId('f-trigger-urlInclude'), '/checkout/*\n/orders/*\n');
    await type(byId('f-trigger-delayMs'), '2.');
    // Half-typed decimals stay in the box while the draft already has the number.
    expect(byId<HTMLInputElement>('f-trigger-delayMs')!.value).toBe('2.');
    expect(draft.value!.trigger.delayMs).toBe(2000);
    await type(byId('f-trigger-delayMs'), '2.5');
    await type(byId('f-caps-samplePercent'), '25');
    await type(byId('f-caps-maxResponses'), '500');
    button('Add attribute rule').click();
    await tick();
    await type(byId('f-trigger-attributes-0-key'), 'plan');
    await choose(byId('f-trigger-attributes-0-op'), 'in');
    await tick();
    await type(byId('f-trigger-attributes-0-value'), 'pro, team, ');
    await tick();
    const def = draft.value!;
    const q = def.questions[0]!;
    expect(q.type === 'rating' && q.followUp?.mid).toEqual({ en: 'What is missing for a 10?', 'zh-CN': '怎样才能让您打 10 分？' });
    expect(def.trigger).toMatchObject({ urlInclude: ['/checkout/*', '/orders/*'], delayMs: 2500, attributes: [{ key: 'plan', op: 'in', value: ['pro', 'team'] }] });
    expect(def.caps).toMatchObject({ samplePercent: 25, maxResponses: 500 });
    // The box keeps what was typed (the trailing comma), the draft the parsed list.
    expect(byId<HTMLInputElement>('f-trigger-attributes-0-value')!.value).toBe('pro, team, ');
  });

  it('shows problems beside their fields, in the admin language, and does not save', async () => {
    await openNew('csat');
    await type(byId('f-questions-0-text-en'), '');
    await type(byId('f-questions-0-id'), 'no spaces allowed');
    await type(byId('f-caps-recontactDays'), 'soon');
    await save();
    const text = byId('f-questions-0-text-en')!;
    expect(text.getAttribute('aria-invalid')).toBe('true');
    expect(byId(text.getAttribute('aria-describedby')!.split(' ').at(-1)!)!.textContent).toBe('Fill this in.');
    expect(byId('f-questions-0-id-error')!.textContent).toBe('Use 1–64 letters, digits, _ or -.');
    expect(byId('f-caps-recontactDays-error')!.textContent).toBe('Enter a number.');
    const summary = app.querySelector('[role="alert"]')!;
    expect(summary.textContent).toContain('Fix 3 problems before saving');
    expect([...summary.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Question 1 · Question id: Use 1–64 letters, digits, _ or -.',
      'Question 1 · Question · English: Fill this in.',
      'Days before asking the same person again: Enter a number.',
    ]);
    expect(surveys.value).toEqual([]);
  });

  it('speaks Simplified Chinese when the admin view does, problems included', async () => {
    setLocale('zh-CN');
    try {
      await openNew('nps');
      expect(app.querySelector('h1')!.textContent).toBe('新建NPS');
      expect(app.querySelector('label[for="f-name"]')!.textContent).toBe('名称（仅管理员可见）');
      await type(byId('f-name'), '');
      await save();
      expect(byId('f-name-error')!.textContent).toBe('请填写此项。');
      expect(app.querySelector('[role="alert"] li')!.textContent).toBe('名称（仅管理员可见）: 请填写此项。');
    } finally {
      setLocale('en');
    }
  });

  it('words the cross-field checks too: duplicate ids, a rule jumping back, a schedule ending first', async () => {
    await openNew('survey');
    await type(byId('f-questions-2-id'), 'role');
    const pick = async (id: string, value: string) => {
      const input = byId<HTMLInputElement>(id)!;
      input.value = value;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await tick(1);
    };
    await pick('f-caps-startsAt', '2026-12-02T10:00');
    await pick('f-caps-endsAt', '2026-12-01T10:00');
    expect(draft.value!.caps.endsAt! - draft.value!.caps.startsAt!).toBe(-86_400_000);
    await save();
    // The rule that jumped to "more" followed the rename to "role": now it points at itself.
    expect(byId('f-questions')!.textContent).toBe('Two have the same id; give each its own.');
    expect(byId('f-questions-0-logic')!.textContent).toBe('A rule can only jump forward: to a later question or the end.');
    expect(byId('f-caps-endsAt-error')!.textContent).toBe('The end must come after the start.');
  });

  it('shows what the server answered when a save is refused', async () => {
    await openNew('thumbs');
    editing.value = { ...editing.value!, siteId: 'site_gone' };
    await save();
    expect(app.querySelector('.sv-savebar [role="status"]')!.textContent).toMatch(/^Not saved: No site site_gone/);
  });

  it('creates version 1, saves an edit as version 2 and pauses, resumes and archives', async () => {
    await openNew('stars');
    await type(byId('f-name'), 'Rate your order');
    await save();
    await until(() => editing.value?.version === 1, 'version 1');
    const id = editing.value!.surveyId!;
    expect(app.textContent).toContain('Saved as version 1.');
    expect(app.textContent).toContain('Saving creates version 2');

    await type(byId('f-questions-0-text-en'), 'How were the goods you received?');
    await save();
    await until(() => editing.value?.version === 2, 'version 2');
    const stored = await ctx.store.db.selectFrom('survey_versions').select(['version', 'definition']).where('survey_id', '=', id).orderBy('version').execute();
    expect(stored.map((r) => (JSON.parse(r.definition) as { questions: Array<{ text: { en: string } }> }).questions[0]!.text.en)).toEqual([
      'How would you rate your experience?',
      'How were the goods you received?',
    ]);

    const status = async () => (await ctx.store.db.selectFrom('surveys').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    button('Pause: Rate your order').click();
    await until(() => editing.value?.status === 'paused', 'paused');
    expect(await status()).toBe('paused');
    button('Resume: Rate your order').click();
    await until(() => editing.value?.status === 'active', 'active');
    button('Archive: Rate your order').click();
    await until(() => editing.value?.status === 'archived', 'archived');
    expect(await status()).toBe('archived');
    // A status change is not an edit: nothing to save.
    expect(app.textContent).not.toContain('Unsaved changes');

    // Another admin's session pauses it meanwhile: saving wording here keeps that status.
    await ctx.store.db.updateTable('surveys').set({ status: 'paused' }).where('id', '=', id).execute();
    await type(byId('f-questions-0-text-en'), 'How were the goods you got?');
    await save();
    await until(() => editing.value?.version === 3, 'version 3');
    expect(await status()).toBe('paused');
    expect(editing.value?.status).toBe('paused');

    // Another admin saves version 4 meanwhile: saving this draft, made on version 3, is refused
    // with what to do, and the draft stays as typed.
    const other = await ctx.store.db.selectFrom('survey_versions').select('definition').where('survey_id', '=', id).where('version', '=', 3).executeTakeFirstOrThrow();
    await ctx.store.db.insertInto('survey_versions').values({ survey_id: id, version: 4, definition: other.definition, created_at: ctx.clock.now() }).execute();
    await ctx.store.db.updateTable('surveys').set({ version: 4 }).where('id', '=', id).execute();
    await type(byId('f-questions-0-text-en'), 'Mine, not theirs');
    await save();
    await until(() => saveResult.value?.ok === false, 'the refusal');
    expect(app.querySelector('.sv-savebar [role="status"]')!.textContent).toContain('Someone saved version 4 of this survey after you opened version 3');
    expect(draft.value?.questions[0]?.text.en).toBe('Mine, not theirs');
    expect(editing.value?.version).toBe(3);
  });

  it('asks before leaving unsaved changes and stays when told to', async () => {
    await openNew('ces');
    await type(byId('f-name'), 'Changed');
    const asked: string[] = [];
    window.confirm = (message?: string) => {
      asked.push(String(message));
      return false;
    };
    location.hash = '#/inbox';
    await tick();
    expect(asked).toEqual(['You have unsaved changes to this survey. Leave and lose them?']);
    expect(location.hash).toBe('#/surveys/new?kind=ces');
    expect(draft.value?.name).toBe('Changed');
  });

  it('leaves and forgets the draft when the admin agrees to lose the changes', async () => {
    await openNew('thumbs');
    await type(byId('f-name'), 'Throw away');
    window.confirm = () => true;
    location.hash = '#/surveys';
    await until(() => app.querySelector('table, .empty') !== null, 'the list');
    expect(draft.value).toBeNull();
    expect(location.hash).toBe('#/surveys');
  });

  it('labels every control it draws', async () => {
    await openNew('survey');
    const unlabelled = [...app.querySelectorAll<HTMLElement>('input, select, textarea')].filter((el) => {
      const id = el.id;
      return !(id && app.querySelector(`label[for="${id}"]`)) && !el.getAttribute('aria-label') && !el.closest('label');
    });
    expect(unlabelled.map((el) => el.outerHTML.slice(0, 80))).toEqual([]);
  });
});

describe('preview frame', () => {
  it('sends the frame every valid edit, debounced, and nothing new while the form has problems', async () => {
    await openNew('nps');
    const frame = app.querySelector<HTMLIFrameElement>('iframe.sv-preview-frame')!;
    await until(() => frame.contentWindow !== null, 'the frame');
    const got: ToPreview[] = [];
    frame.contentWindow!.addEventListener('message', (event) => got.push((event as MessageEvent<ToPreview>).data));
    await until(() => got.length === 1, 'the first draft');
    expect(got[0]).toMatchObject({ channel: 'feedloop-preview', type: 'render', locale: 'en', survey: { id: 'preview', version: 0 } });

    await type(byId('f-questions-0-text-en'), 'Would you recommend us?');
    await type(byId('f-questions-0-text-en'), 'Would you recommend us to a friend?');
    await until(() => got.length === 2, 'the edit');
    // Two keystrokes inside the debounce are one redraw, with the latest text.
    expect(got[1]!.survey.questions[0]!.text.en).toBe('Would you recommend us to a friend?');

    await type(byId('f-questions-0-text-en'), '');
    await tick(40);
    expect(got).toHaveLength(2);
    expect(app.querySelector('.sv-preview [role="status"]')!.textContent).toContain('last valid draft');

    await choose(app.querySelector<HTMLSelectElement>('.sv-preview-tools select'), 'zh-CN');
    await until(() => got.length === 3, 'the language change');
    expect(got[2]).toMatchObject({ locale: 'zh-CN', survey: { questions: [{ text: { en: 'Would you recommend us to a friend?' } }] } });
  });
});

describe('read-only roles', () => {
  it('shows a viewer the surveys and their editor without any way to change them', async () => {
    const saved = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, template('ces'));
    const admin = session.value!;
    session.value = { ...admin, user: { ...admin.user, role: 'viewer' } };
    try {
      location.hash = '#/surveys';
      await tick();
      render(<SurveysPage />, app);
      await until(() => app.querySelector('table') !== null, 'the list');
      expect(app.textContent).toContain('Only admins can change surveys.');
      expect(app.querySelector('a[href^="#/surveys/new"]')).toBeNull();
      expect(app.querySelectorAll('tbody button')).toHaveLength(0);

      location.hash = `#/surveys/${saved.id}`;
      await until(() => editing.value?.surveyId === saved.id && app.querySelector('form.sv-form') !== null, 'the editor');
      expect(app.querySelector<HTMLFieldSetElement>('fieldset.sv-body')!.disabled).toBe(true);
      expect(app.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).toBe(true);
      expect(app.textContent).not.toContain('Pause');
    } finally {
      session.value = admin;
    }
  });
});

describe('preview host', () => {
  it('gives the shadow host the same custom properties and dialog placement as the loader', () => {
    // LAUNCHER_CSS ships in the loader, not in the UI chunk the preview loads: keep them in step.
    expect(LAUNCHER_CSS.startsWith(PREVIEW_HOST_CSS.slice(0, PREVIEW_HOST_CSS.indexOf('}') + 1))).toBe(true);
    for (const rule of PREVIEW_HOST_CSS.split('}').filter(Boolean).slice(1)) expect(LAUNCHER_CSS).toContain(`${rule}}`);
  });
});
