import { localize } from '../../shared/localize.ts';
import { SCALE_RANGE } from '../../shared/scales.ts';
import type { RatingQuestion } from '../../shared/schema/survey.ts';
import type { UiStrings } from '../i18n/en.ts';

interface Props {
  question: RatingQuestion;
  locale: string;
  t: UiStrings;
  value: number | undefined;
  /** Selection changed (arrow keys move it without confirming). */
  onSelect(score: number): void;
  /** A pointer click both selects and confirms: the score is sent at once. */
  onChoose(score: number): void;
}

function labelOf(question: RatingQuestion, score: number, t: UiStrings): { text: string; aria?: string } {
  switch (question.scale) {
    case 'thumbs':
      return score === 1 ? { text: '👍', aria: t.thumbsUp } : { text: '👎', aria: t.thumbsDown };
    case 'stars':
      return { text: '★', aria: t.stars.replace('{n}', String(score)) };
    default:
      return { text: String(score) };
  }
}

/** A rating as a labelled radio group: native radios give arrow-key movement and screen-reader roles. */
export function RatingScale({ question, locale, t, value, onSelect, onChoose }: Props) {
  const { min, max } = SCALE_RANGE[question.scale];
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  if (question.scale === 'thumbs') scores.reverse();
  const ends: Partial<Record<RatingQuestion['scale'], [string, string]>> = {
    nps: [t.npsLow, t.npsHigh],
    csat: [t.csatLow, t.csatHigh],
    ces: [t.cesLow, t.cesHigh],
  };
  const [low, high] = [
    question.lowLabel ? localize(question.lowLabel, locale) : ends[question.scale]?.[0],
    question.highLabel ? localize(question.highLabel, locale) : ends[question.scale]?.[1],
  ];
  return (
    <fieldset class="fl-scale" aria-describedby={low && high ? `fl-ends-${question.id}` : undefined}>
      <legend>{localize(question.text, locale)}</legend>
      {scores.map((score) => {
        const label = labelOf(question, score, t);
        const starOn = question.scale === 'stars' && value !== undefined && score <= value;
        return (
          <label key={score} class={`fl-opt${starOn ? ' fl-on' : ''}`}>
            <input
              type="radio"
              name={`fl-${question.id}`}
              value={score}
              checked={value === score}
              aria-label={label.aria}
              onChange={() => onSelect(score)}
              onClick={(event) => {
                // detail > 0 only for real pointer clicks, not for arrow keys or Space.
                if (event.detail > 0) onChoose(score);
              }}
            />
            <span aria-hidden={label.aria ? 'true' : undefined}>{label.text}</span>
          </label>
        );
      })}
      {low && high && (
        <div class="fl-ends" id={`fl-ends-${question.id}`}>
          <span>{low}</span>
          <span>{high}</span>
        </div>
      )}
    </fieldset>
  );
}
