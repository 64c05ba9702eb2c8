// @vitest-environment happy-dom
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SendResult, UiHost } from '../../shared/contract.ts';
import { type PublishedSurvey, SurveyInputSchema, type SurveyInput } from '../../shared/schema/survey.ts';
import type { Answers } from '../../shared/schema/wire.ts';
import { microSurvey, npsSurvey } from '../../test/helpers/surveys.ts';
import { ui as en } from '../i18n/en.ts';
import { createShadow } from '../shadow.ts';
import { close, openSurvey } from './index.tsx';

let root: ShadowRoot;
let saves: Array<{ answers: Answers; finished: boolean }>;
let dismissed: number;
let saveResult: SendResult;

const tick = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};
const q = <T extends Element>(selector: string) => root.querySelector<T>(selector)!;

function show(input: SurveyInput, locale: UiHost['locale'] = 'en') {
  const survey: PublishedSurvey = { ...v.parse(SurveyInputSchema, input), id: 'srv_1', version: 1 };
  const shadow = createShadow(document, undefined);
  root = shadow.root;
  openSurvey(
    { root, locale, adoptStyles: shadow.adoptStyles, onClose: () => undefined, send: async () => ({ ok: true, ack: { id: 'x', receivedAt: 1 } }) },
    {
      survey,
      save: async (answers, finished) => {
        saves.push({ answers, finished });
        return saveResult;
      },
      dismiss: () => void dismissed++,
    },
  );
}

function clickRadio(value: string) {
  const input = root.querySelector<HTMLInputElement>(`input[value="${value}"]`)!;
  input.checked = true;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  input.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
}

async function submit() {
  q<HTMLFormElement>('form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await tick();
}

beforeEach(() => {
  document.body.innerHTML = '';
  saves = [];
  dismissed = 0;
  saveResult = { ok: true, ack: { id: 'rsp_1', receivedAt: 1 } };
});
afterEach(() => {
  close();
});

describe('rating prompt', () => {
  it('renders the scale as a labelled radio group with its end labels', async () => {
    show(npsSurvey);
    await tick();
    expect(q('legend').textContent).toBe('How likely are you to recommend us to a friend?');
    expect(root.querySelectorAll('input[type="radio"]')).toHaveLength(11);
    expect(q('.fl-ends').textContent).toContain(en.npsLow);
  });

  it('saves the score the moment it is clicked, then asks the follow-up worded for that score', async () => {
    show(npsSurvey);
    clickRadio('3');
    await tick();
    expect(saves).toEqual([{ answers: { nps: 3 }, finished: false }]);
    expect(q('.fl-field span').textContent).toBe('What disappointed you?');
    const text = q<HTMLTextAreaElement>('textarea');
    text.value = 'Too slow';
    text.dispatchEvent(new Event('input', { bubbles: true }));
    await submit();
    expect(saves.at(-1)).toEqual({ answers: { nps: 3, nps_why: 'Too slow' }, finished: true });
    expect(q('[role="status"]').textContent).toBe(en.surveyThanks);
  });

  it('words the follow-up for promoters differently', async () => {
    show(npsSurvey);
    clickRadio('10');
    await tick();
    expect(q('.fl-field span').textContent).toBe('What do you love most?');
  });

  it('counts closing before the end as a dismissal, but not after finishing', async () => {
    show(npsSurvey);
    q<HTMLButtonElement>('.fl-close').click();
    expect(dismissed).toBe(1);
  });

  it('speaks Chinese', async () => {
    show(npsSurvey, 'zh-CN');
    await tick();
    expect(q('legend').textContent).toBe('您有多大可能向朋友推荐我们？');
  });
});

describe('micro-survey', () => {
  it('shows progress, keeps partial answers and follows skip logic to the end', async () => {
    show(microSurvey);
    await tick();
    expect(q('.fl-progress').textContent).toBe('Question 1 of 4');
    clickRadio('pm');
    await submit();
    expect(saves.at(-1)).toEqual({ answers: { role: 'pm' }, finished: false });
    expect(q('.fl-progress').textContent).toBe('Question 2 of 4');
    await submit(); // optional multiple choice skipped
    expect(q('.fl-progress').textContent).toBe('Question 3 of 4');
    await submit(); // required rating left empty
    expect(q('[role="alert"]').textContent).toBe(en.required);
    clickRadio('6');
    await tick();
    expect(q('.fl-progress').textContent).toBe('Question 4 of 4');
    await submit();
    expect(saves.at(-1)).toEqual({ answers: { role: 'pm', ease: 6 }, finished: true });
  });

  it('asks again for a required text answered with spaces only', async () => {
    show({ ...microSurvey, questions: [{ id: 'txt', type: 'text', required: true, maxLength: 100, text: { en: 'Why?' } }] });
    await tick();
    const box = q<HTMLTextAreaElement>('textarea');
    box.value = '    ';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    await submit();
    expect(q('[role="alert"]').textContent).toBe(en.required);
    expect(saves).toEqual([]);
  });

  it('says why, instead of thanking, when the collector refuses the answers', async () => {
    saveResult = { ok: false, reason: 'rejected', message: 'This survey is not collecting answers: the survey is paused.' };
    show(microSurvey);
    clickRadio('other');
    await submit();
    await tick();
    expect(q('[role="alert"]').textContent).toBe(`${en.rejected} This survey is not collecting answers: the survey is paused.`);
    expect(q('[role="status"]')?.textContent ?? '').not.toContain(en.surveyThanks);
  });

  it('ends early when an option jumps to the end', async () => {
    show(microSurvey);
    clickRadio('other');
    await submit();
    expect(saves).toEqual([{ answers: { role: 'other' }, finished: true }]);
  });
});
