import { type ChoiceQuestion, type LocalizedText, type Question, SCALE_RANGE, type SurveyDefinition } from '../../../../shared/schema/survey.ts';

/**
 * Pure edits of a survey draft. Each returns a new object and leaves the old one alone, so the
 * model can compare with the saved baseline and the preview can be sent a snapshot.
 */

export type Path = ReadonlyArray<string | number>;

/** Sets the value at `path`; `undefined` removes an object key (optional fields stay absent). */
export function setIn<T>(target: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  if (Array.isArray(target)) {
    const copy = [...target];
    copy[head as number] = setIn(copy[head as number], rest, value);
    return copy as T;
  }
  const copy = { ...(target as Record<string, unknown>) };
  const next = setIn(copy[head as string], rest, value);
  if (next === undefined) delete copy[head as string];
  else copy[head as string] = next;
  return copy as T;
}

export function getIn(target: unknown, path: Path): unknown {
  return path.reduce<unknown>((at, key) => (at == null ? undefined : (at as Record<string | number, unknown>)[key]), target);
}

/** A localized text from the two inputs: the Chinese wording is dropped when empty. */
export function localized(en: string, zh: string): LocalizedText {
  return zh === '' ? { en } : { en, 'zh-CN': zh };
}

/** An id not used yet among `taken`, from a readable stem: q2, q3, … */
export function freshId(stem: string, taken: string[]): string {
  for (let n = taken.length + 1; ; n++) {
    const id = `${stem}${n}`;
    if (!taken.includes(id)) return id;
  }
}

export function newQuestion(type: Question['type'], taken: string[]): Question {
  const id = freshId('q', taken);
  const base = { id, text: { en: '' }, required: false, logic: [] };
  switch (type) {
    case 'rating':
      return { ...base, type, scale: 'csat' };
    case 'single':
    case 'multi':
      return {
        ...base,
        type,
        options: [
          { id: 'a', label: { en: '' } },
          { id: 'b', label: { en: '' } },
        ],
      };
    case 'text':
      return { ...base, type, maxLength: 2000 };
  }
}

/** Changes a question's type, keeping its id, wording, required flag and the rules that still fit. */
export function changeType(question: Question, type: Question['type']): Question {
  if (question.type === type) return question;
  const fresh = newQuestion(type, []);
  const keep = { id: question.id, text: question.text, required: question.required };
  const isChoice = (t: string) => t === 'single' || t === 'multi';
  if (isChoice(question.type) && isChoice(type)) return { ...(question as ChoiceQuestion), type: type as ChoiceQuestion['type'] };
  // Option rules need choices and score rules need a rating: neither survives another type.
  return { ...fresh, ...keep, logic: [] } as Question;
}

export function addQuestion(def: SurveyDefinition, type: Question['type']): SurveyDefinition {
  return { ...def, questions: [...def.questions, newQuestion(type, def.questions.map((q) => q.id))] };
}

/** Removes a question and the skip-logic rules that jumped to it (they would point nowhere). */
export function removeQuestion(def: SurveyDefinition, index: number): SurveyDefinition {
  const gone = def.questions[index]?.id;
  return {
    ...def,
    questions: def.questions
      .filter((_, i) => i !== index)
      .map((q) => (q.logic.some((r) => r.goto === gone) ? { ...q, logic: q.logic.filter((r) => r.goto !== gone) } : q)),
  };
}

export function moveQuestion(def: SurveyDefinition, index: number, delta: -1 | 1): SurveyDefinition {
  const to = index + delta;
  if (to < 0 || to >= def.questions.length) return def;
  const questions = [...def.questions];
  [questions[index], questions[to]] = [questions[to]!, questions[index]!];
  return { ...def, questions };
}

/** Renames a question and every rule that jumps to it, so skip logic keeps working. */
export function renameQuestion(def: SurveyDefinition, index: number, id: string): SurveyDefinition {
  const old = def.questions[index]!.id;
  return {
    ...def,
    questions: def.questions.map((q, i) => ({
      ...q,
      id: i === index ? id : q.id,
      logic: q.logic.map((r) => (r.goto === old ? { ...r, goto: id } : r)),
    })) as Question[],
  };
}

/** Renames an option and the rules of its question that test it. */
export function renameOption(question: ChoiceQuestion, index: number, id: string): ChoiceQuestion {
  const old = question.options[index]!.id;
  return {
    ...question,
    options: question.options.map((o, i) => (i === index ? { ...o, id } : o)),
    logic: question.logic.map((r) => (r.option === old ? { ...r, option: id } : r)),
  };
}

export function addOption(question: ChoiceQuestion): ChoiceQuestion {
  const id = freshId('option', question.options.map((o) => o.id));
  return { ...question, options: [...question.options, { id, label: { en: '' } }] };
}

/** Removes an option and the rules that tested it. */
export function removeOption(question: ChoiceQuestion, index: number): ChoiceQuestion {
  const gone = question.options[index]?.id;
  return {
    ...question,
    options: question.options.filter((_, i) => i !== index),
    logic: question.logic.filter((r) => r.option !== gone),
  };
}

/** A new skip-logic rule: on the first option of a choice, on the low scores of a rating. */
export function newRule(def: SurveyDefinition, index: number): Question['logic'][number] {
  const question = def.questions[index]!;
  const goto = def.questions[index + 2]?.id ?? 'end';
  if (question.type === 'single' || question.type === 'multi') return { option: question.options[0]?.id ?? '', goto };
  if (question.type !== 'rating') return { goto };
  const { min, max } = SCALE_RANGE[question.scale];
  return { min, max: Math.floor((min + max) / 2), goto };
}
