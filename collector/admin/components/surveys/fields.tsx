import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { LocalizedText } from '../../../../shared/schema/survey.ts';
import { surveyTexts } from '../../i18n/surveys.ts';
import { texts } from '../../i18n/locale.ts';
import { problemAt } from '../../models/surveys.ts';
import { localized } from './draft-ops.ts';
import { problemText } from './problem-text.ts';

/**
 * Labelled form controls of the builder. Each knows its schema path (e.g. `questions.0.text.en`),
 * so a problem found by valibot — in the browser or by the server — is shown beside it, tied to
 * the control with aria-describedby and aria-invalid.
 */

export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9-]/g, '-')}`;
}

interface FieldProps {
  path: string;
  label: string;
  hint?: string;
  children: (ids: { id: string; describedBy?: string; invalid: boolean }) => ComponentChildren;
  inline?: boolean;
}

export function Field({ path, label, hint, children, inline }: FieldProps) {
  const t = texts(surveyTexts);
  const id = fieldId(path);
  const problem = problemAt(path);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = problem ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={inline ? 'sv-field sv-inline' : 'sv-field'}>
      <label for={id}>{label}</label>
      {children({ id, describedBy, invalid: Boolean(problem) })}
      {hint && (
        <small id={hintId} class="sv-hint">
          {hint}
        </small>
      )}
      {problem && (
        <small id={errorId} class="sv-error">
          {problemText(problem, t)}
        </small>
      )}
    </div>
  );
}

/** A problem of a whole group (a list of options, the rules of a question), shown once above it. */
export function ProblemNote({ path }: { path: string }) {
  const t = texts(surveyTexts);
  const problem = problemAt(path);
  return problem ? (
    <p id={fieldId(path)} class="sv-error" tabIndex={-1}>
      {problemText(problem, t)}
    </p>
  ) : null;
}

export function TextField(props: { path: string; label: string; hint?: string; value: string; onInput(value: string): void; maxLength?: number }) {
  return (
    <Field path={props.path} label={props.label} hint={props.hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="text"
          value={props.value}
          maxLength={props.maxLength}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/**
 * A number; empty means "not set" (undefined). `scale` shows e.g. seconds for a value kept in ms.
 * A text box rather than type=number: a number input reads "2." as empty while it is typed, and
 * redrawing from the draft would eat the dot. What is typed stays; text that is no number goes to
 * the draft as NaN, which the schema check then names beside the field.
 */
export function NumberField(props: {
  path: string;
  label: string;
  hint?: string;
  value: number | undefined;
  onChange(value: number | undefined): void;
  min?: number;
  max?: number;
  step?: number;
  scale?: number;
}) {
  const scale = props.scale ?? 1;
  const parse = (raw: string) => (raw.trim() === '' ? undefined : Math.round(Number(raw.trim()) * scale * 1000) / 1000);
  const [text, setText] = useParsedText(props.value, (v) => (v === undefined ? '' : String(v / scale)), parse);
  return (
    <Field path={props.path} label={props.label} hint={props.hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="text"
          inputMode={props.step === 1 ? 'numeric' : 'decimal'}
          value={text}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => {
            setText(e.currentTarget.value);
            props.onChange(parse(e.currentTarget.value));
          }}
        />
      )}
    </Field>
  );
}

export function CheckField(props: { path: string; label: string; checked: boolean; onChange(checked: boolean): void }) {
  const id = fieldId(props.path);
  return (
    <div class="sv-check">
      <input id={id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.currentTarget.checked)} />
      <label for={id}>{props.label}</label>
    </div>
  );
}

export function SelectField<V extends string>(props: {
  path: string;
  label: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange(value: V): void;
}) {
  return (
    <Field path={props.path} label={props.label}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={props.value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => props.onChange(e.currentTarget.value as V)}
        >
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * One text in both languages. `optional` texts (labels, placeholders, the thank-you) vanish from
 * the draft when both inputs are empty, as the schema wants them absent rather than blank.
 */
export function LocalizedField(props: {
  path: string;
  label: string;
  value: LocalizedText | undefined;
  onChange(value: LocalizedText | undefined): void;
  optional?: boolean;
  multiline?: boolean;
}) {
  const t = texts(surveyTexts);
  const en = props.value?.en ?? '';
  const zh = props.value?.['zh-CN'] ?? '';
  const set = (nextEn: string, nextZh: string) =>
    props.onChange(props.optional && nextEn === '' && nextZh === '' ? undefined : localized(nextEn, nextZh));
  const Input = props.multiline ? 'textarea' : 'input';
  return (
    <fieldset class="sv-localized">
      <legend>{props.label}</legend>
      <Field path={`${props.path}.en`} label={t.english}>
        {({ id, describedBy, invalid }) => (
          <Input
            id={id}
            lang="en"
            value={en}
            rows={props.multiline ? 2 : undefined}
            maxLength={500}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onInput={(e) => set(e.currentTarget.value, zh)}
          />
        )}
      </Field>
      <Field path={`${props.path}.zh-CN`} label={t.chinese}>
        {({ id, describedBy, invalid }) => (
          <Input
            id={id}
            lang="zh-CN"
            value={zh}
            rows={props.multiline ? 2 : undefined}
            maxLength={500}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onInput={(e) => set(en, e.currentTarget.value)}
          />
        )}
      </Field>
    </fieldset>
  );
}

/**
 * Text the draft keeps in another shape (a list, a number list …). The box keeps exactly what
 * was typed — a trailing comma or an empty new line — while the draft gets the parsed value;
 * it only takes the draft's value again when that changed from elsewhere.
 */
function useParsedText<V>(value: V, format: (v: V) => string, parse: (s: string) => V) {
  const [text, setText] = useState(() => format(value));
  useEffect(() => {
    if (JSON.stringify(parse(text)) !== JSON.stringify(value)) setText(format(value));
    // Only an outside change of the value should rewrite the box.
  }, [JSON.stringify(value)]);
  return [text, setText] as const;
}

export function ListField(props: { path: string; label: string; hint?: string; value: string[]; onChange(value: string[]): void }) {
  const parse = (s: string) => s.split('\n').map((line) => line.trim()).filter(Boolean);
  const [text, setText] = useParsedText(props.value, (v) => v.join('\n'), parse);
  // Problems of single entries (urlInclude.2) are shown on the list as a whole.
  const entryProblem = props.value.findIndex((_, i) => problemAt(`${props.path}.${i}`));
  return (
    <Field path={entryProblem >= 0 ? `${props.path}.${entryProblem}` : props.path} label={props.label} hint={props.hint}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          rows={2}
          value={text}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => {
            setText(e.currentTarget.value);
            props.onChange(parse(e.currentTarget.value));
          }}
        />
      )}
    </Field>
  );
}

/** A typed attribute value: numbers and true/false become themselves, `in` takes a comma list. */
export function parseAttributeValue(raw: string, op: string): string | number | boolean | Array<string | number> | undefined {
  const scalar = (s: string): string | number => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s);
  if (op === 'exists') return undefined;
  if (op === 'in') return raw.split(',').map((s) => s.trim()).filter(Boolean).map(scalar);
  if (op === 'gte' || op === 'lte') return raw.trim() === '' ? undefined : scalar(raw.trim());
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return scalar(raw);
}

export function AttributeValueField(props: { path: string; label: string; op: string; value: unknown; onChange(value: unknown): void }) {
  const format = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v));
  const [text, setText] = useParsedText(props.value, format, (s) => parseAttributeValue(s, props.op));
  return (
    <Field path={props.path} label={props.label}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="text"
          value={text}
          disabled={props.op === 'exists'}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => {
            setText(e.currentTarget.value);
            props.onChange(parseAttributeValue(e.currentTarget.value, props.op));
          }}
        />
      )}
    </Field>
  );
}

/** A moment in ms since the epoch, edited in the admin's local time; empty = not set. */
export function DateTimeField(props: { path: string; label: string; value: number | undefined; onChange(value: number | undefined): void }) {
  const local = (ms: number) => {
    const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
    return d.toISOString().slice(0, 16);
  };
  return (
    <Field path={props.path} label={props.label}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="datetime-local"
          value={props.value === undefined ? '' : local(props.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => {
            const raw = e.currentTarget.value;
            props.onChange(raw === '' ? undefined : new Date(raw).getTime());
          }}
        />
      )}
    </Field>
  );
}
