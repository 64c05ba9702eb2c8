import { expect, it } from 'vitest';
import { useTempStore } from '../../test/helpers/temp-store.ts';
import { findRecentSurveyResponse } from './responses.ts';

const temp = useTempStore();

/** The query plan of every statement `run` prepares that reads responses by survey. */
async function plansOf(run: () => Promise<unknown>): Promise<string[]> {
  const prepare = temp.store.sqlite.prepare.bind(temp.store.sqlite);
  const plans: string[] = [];
  temp.store.sqlite.prepare = ((text: string) => {
    if (text.includes('"survey_id" = ?')) {
      const params = (text.match(/\?/g) ?? []).map(() => 'x');
      plans.push((prepare(`explain query plan ${text}`).all(...params) as Array<{ detail: string }>).map((p) => p.detail).join('\n'));
    }
    return prepare(text);
  }) as typeof temp.store.sqlite.prepare;
  try {
    await run();
  } finally {
    temp.store.sqlite.prepare = prepare as typeof temp.store.sqlite.prepare;
  }
  return plans;
}

it('finds a person’s recent answer to a survey through the partial survey indexes, by client or user, never by scanning', async () => {
  const plans = await plansOf(async () => {
    await findRecentSurveyResponse(temp.store.db, { surveyId: 'srv_1', clientId: 'c_1', since: 0 });
    await findRecentSurveyResponse(temp.store.db, { surveyId: 'srv_1', clientId: 'c_1', userId: 'u_1', since: 0 });
  });
  expect(plans).toHaveLength(2);
  expect(plans[0]).toMatch(/USING INDEX responses_survey_client \(survey_id=\? AND client_id=\? AND received_at>\?\)/);
  expect(plans[1]).toMatch(/USING INDEX responses_survey_user \(survey_id=\? AND user_id=\?/);
  expect(plans[1]).toMatch(/USING INDEX responses_survey_client \(survey_id=\? AND client_id=\?/);
  for (const plan of plans) expect(plan).not.toMatch(/SCAN/);
});
