import type { AttributeRule, SurveyDefinition } from '../../../../shared/schema/survey.ts';
import { surveyTexts } from '../../i18n/surveys.ts';
import { texts } from '../../i18n/locale.ts';
import { setIn } from './draft-ops.ts';
import { AttributeValueField, CheckField, DateTimeField, ListField, NumberField, ProblemNote, SelectField, TextField } from './fields.tsx';

interface Props {
  def: SurveyDefinition;
  onChange(def: SurveyDefinition): void;
}

const OPS = ['eq', 'neq', 'in', 'exists', 'gte', 'lte'] as const;

/** When a survey shows: pages, timing, scroll, exit intent, events, visits and user attributes. */
export function TriggerEditor({ def, onChange }: Props) {
  const t = texts(surveyTexts);
  const trigger = def.trigger;
  const set = (key: keyof typeof trigger, value: unknown) => onChange(setIn(def, ['trigger', key], value));
  const setRule = (i: number, rule: AttributeRule) => onChange(setIn(def, ['trigger', 'attributes', i], rule));
  return (
    <>
      <div class="sv-grid">
        <ListField path="trigger.urlInclude" label={t.urlInclude} hint={t.urlHint} value={trigger.urlInclude} onChange={(v) => set('urlInclude', v)} />
        <ListField path="trigger.urlExclude" label={t.urlExclude} value={trigger.urlExclude} onChange={(v) => set('urlExclude', v)} />
      </div>
      <div class="sv-grid sv-grid-3">
        <NumberField path="trigger.delayMs" label={t.delay} value={trigger.delayMs} scale={1000} min={0} max={3600} onChange={(v) => set('delayMs', v === undefined ? undefined : Math.round(v))} />
        <NumberField path="trigger.scrollPercent" label={t.scroll} value={trigger.scrollPercent} min={0} max={100} step={1} onChange={(v) => set('scrollPercent', v)} />
        <NumberField path="trigger.minVisits" label={t.minVisits} value={trigger.minVisits} min={0} step={1} onChange={(v) => set('minVisits', v)} />
      </div>
      <CheckField path="trigger.exitIntent" label={t.exitIntent} checked={trigger.exitIntent} onChange={(v) => set('exitIntent', v)} />
      <ListField path="trigger.events" label={t.events} hint={t.eventsHint} value={trigger.events} onChange={(v) => set('events', v)} />
      <fieldset class="sv-attributes">
        <legend>{t.attributes}</legend>
        <ProblemNote path="trigger.attributes" />
        <ol>
          {trigger.attributes.map((rule, i) => (
            <li key={i} class="sv-rule">
              <TextField path={`trigger.attributes.${i}.key`} label={t.attrKey} value={rule.key} maxLength={64} onInput={(key) => setRule(i, { ...rule, key })} />
              <SelectField
                path={`trigger.attributes.${i}.op`}
                label={t.attrOp}
                value={rule.op}
                options={OPS.map((value) => ({ value, label: t[`op_${value}`] }))}
                onChange={(op) => setRule(i, op === 'exists' ? { key: rule.key, op } : { ...rule, op })}
              />
              <AttributeValueField
                path={`trigger.attributes.${i}.value`}
                label={t.attrValue}
                op={rule.op}
                value={rule.value}
                onChange={(value) => setRule(i, setIn(rule, ['value'], value))}
              />
              <button
                type="button"
                class="sv-remove"
                aria-label={t.removeAttribute(i + 1)}
                onClick={() => set('attributes', trigger.attributes.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => set('attributes', [...trigger.attributes, { key: '', op: 'eq', value: '' }])}>
          {t.addAttribute}
        </button>
      </fieldset>
    </>
  );
}

/** How often: sampling, recontact wait, dismissal cool-down, response cap and schedule. */
export function CapsEditor({ def, onChange }: Props) {
  const t = texts(surveyTexts);
  const caps = def.caps;
  const set = (key: keyof typeof caps, value: number | undefined) => onChange(setIn(def, ['caps', key], value));
  return (
    <>
      <div class="sv-grid sv-grid-3">
        <NumberField path="caps.samplePercent" label={t.sample} value={caps.samplePercent} min={0} max={100} onChange={(v) => set('samplePercent', v)} />
        <NumberField path="caps.recontactDays" label={t.recontact} value={caps.recontactDays} min={0} max={3650} onChange={(v) => set('recontactDays', v)} />
        <NumberField path="caps.dismissDays" label={t.dismissDays} value={caps.dismissDays} min={0} max={3650} onChange={(v) => set('dismissDays', v)} />
      </div>
      <div class="sv-grid sv-grid-3">
        <NumberField path="caps.maxResponses" label={t.maxResponses} value={caps.maxResponses} min={1} step={1} onChange={(v) => set('maxResponses', v)} />
        <DateTimeField path="caps.startsAt" label={t.startsAt} value={caps.startsAt} onChange={(v) => set('startsAt', v)} />
        <DateTimeField path="caps.endsAt" label={t.endsAt} value={caps.endsAt} onChange={(v) => set('endsAt', v)} />
      </div>
    </>
  );
}
