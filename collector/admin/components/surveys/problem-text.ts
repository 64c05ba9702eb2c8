import type { surveyTexts } from '../../i18n/surveys.ts';
import type { Problem } from '../../models/surveys.ts';

/** Problems of a draft in the admin's words: what is wrong, and where. */

type T = (typeof surveyTexts)['en'];

/** A problem in the admin's language where valibot's issue type says what went wrong. */
export function problemText(problem: Problem, t: T): string {
  const limit = (problem.expected ?? '').replace(/^[<>]=?/, '');
  const last = problem.path.split('.').at(-1) ?? '';
  const isText = last === 'en' || last === 'zh-CN' || last === 'name' || last === 'id' || last === 'key';
  switch (problem.type) {
    case 'min_length':
      return limit === '1' && isText ? t.fieldRequired : t.tooFew(limit);
    case 'max_length':
      return isText ? t.tooLong(limit) : t.tooMany(limit);
    case 'min_value':
    case 'max_value':
      return t.outOfRange(problem.expected ?? '');
    case 'integer':
      return t.wholeNumber;
    case 'number':
      return t.notANumber;
    case 'regex':
      return t.badId;
    default:
      return crossFieldText(problem.message, t) ?? problem.message;
  }
}

/** The collector's cross-field checks (surveyProblems in shared/schema/survey.ts), reworded. */
function crossFieldText(message: string, t: T): string | undefined {
  if (message === 'ids must be unique') return t.idsUnique;
  if (message.endsWith('must be a later question or "end"')) return t.gotoLater;
  if (message === 'option rules need a choice question') return t.optionRuleNeedsChoice;
  if (message.startsWith('unknown option')) return t.unknownOption;
  if (message === 'must be after startsAt') return t.endsBeforeStart;
  return undefined;
}

/** A problem's path in words for the summary: "Question 1 · Option 2 · English", not questions.0.options.1.label.en. */
export function describePath(path: string, t: T): string {
  const parts = path.split('.');
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const n = Number(parts[i + 1]);
    const indexed = { questions: t.question, options: t.option, logic: t.rule, attributes: t.rule } as Record<string, ((n: number) => string) | undefined>;
    if (indexed[part] && Number.isInteger(n)) {
      words.push(indexed[part]!(n + 1));
      i++;
      continue;
    }
    const named: Record<string, string> = {
      name: t.name,
      text: t.questionText,
      id: t.questionId,
      en: t.english,
      'zh-CN': t.chinese,
      label: t.optionLabel,
      options: t.options,
      logic: t.logic,
      followUp: t.followUp,
      low: t.band_low,
      mid: t.band_mid,
      high: t.band_high,
      trigger: t.secTrigger,
      caps: t.secCaps,
      thankYou: t.thankYou,
      urlInclude: t.urlInclude,
      urlExclude: t.urlExclude,
      delayMs: t.delay,
      scrollPercent: t.scroll,
      minVisits: t.minVisits,
      events: t.events,
      attributes: t.attributes,
      key: t.attrKey,
      value: t.attrValue,
      samplePercent: t.sample,
      recontactDays: t.recontact,
      dismissDays: t.dismissDays,
      maxResponses: t.maxResponses,
      startsAt: t.startsAt,
      endsAt: t.endsAt,
      maxLength: t.maxLength,
      placeholder: t.placeholder,
      lowLabel: t.lowLabel,
      highLabel: t.highLabel,
      questions: t.secQuestions,
    };
    // Section names are implied by the field names that follow them.
    if (part === 'trigger' || part === 'caps') continue;
    words.push(named[part] ?? part);
  }
  return words.join(' · ');
}
