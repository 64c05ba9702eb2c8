import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Store, openStore } from './open.ts';
import { findRecentSurveyResponse } from './responses.ts';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'feedloop-responses-'));
  store = await openStore(join(dir, 'feedloop.sqlite'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The query plan of every statement `run` prepares that reads responses by survey. */
async function plansOf(run: () => Promise<unknown>): Promise<string[]> {
  const prepare = store.sqlite.prepare.bind(store.sqlite);
  const plans: string[] = [];
  store.sqlite.prepare = ((text: string) => {
    if (text.includes('"survey_id" = ?')) {
      const params = (text.match(/\?/g) ?? []).map(() => 'x');
      plans.push((prepare(`explain query plan ${text}`).all(...params) as Array<{ detail: string }>).map((p) => p.detail).join('\n'));
    }
    return prepare(text);
  }) as typeof store.sqlite.prepare;
  try {
    await run();
  } finally {
    store.sqlite.prepare = prepare as typeof store.sqlite.prepare;
  }
  return plans;
}

it('finds a person’s recent answer to a survey through the partial survey indexes, by client or user, never by scanning', async () => {
  const plans = await plansOf(async () => {
    await findRecentSurveyResponse(store.db, { surveyId: 'srv_1', clientId: 'c_1', since: 0 });
    await findRecentSurveyResponse(store.db, { surveyId: 'srv_1', clientId: 'c_1', userId: 'u_1', since: 0 });
  });
  expect(plans).toHaveLength(2);
  expect(plans[0]).toMatch(/USING INDEX responses_survey_client \(survey_id=\? AND client_id=\? AND received_at>\?\)/);
  expect(plans[1]).toMatch(/USING INDEX responses_survey_user \(survey_id=\? AND user_id=\?/);
  expect(plans[1]).toMatch(/USING INDEX responses_survey_client \(survey_id=\? AND client_id=\?/);
  for (const plan of plans) expect(plan).not.toMatch(/SCAN/);
});
