/**
 * Rating scales without any schema code, so the widget can use them without bundling valibot.
 */
export const RATING_SCALES = ['nps', 'csat', 'ces', 'thumbs', 'stars'] as const;
export type RatingScale = (typeof RATING_SCALES)[number];

/** The allowed scores of each scale (thumbs: 0 = down, 1 = up). CES: 7 = very easy. */
export const SCALE_RANGE: Record<RatingScale, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
  thumbs: { min: 0, max: 1 },
  stars: { min: 1, max: 5 },
};

export type ScoreBand = 'low' | 'mid' | 'high';

/** NPS: 0–6 detractor, 7–8 passive, 9–10 promoter; the other scales by their usual cut-offs. */
export function scoreBand(scale: RatingScale, score: number): ScoreBand {
  switch (scale) {
    case 'nps':
      return score <= 6 ? 'low' : score <= 8 ? 'mid' : 'high';
    case 'csat':
    case 'stars':
      return score <= 2 ? 'low' : score === 3 ? 'mid' : 'high';
    case 'ces':
      return score <= 3 ? 'low' : score <= 5 ? 'mid' : 'high';
    case 'thumbs':
      return score === 0 ? 'low' : 'high';
  }
}
