import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { SurveySubmissionSchema } from '../../shared/schema/wire.ts';
import { type TestContext, createTestContext, postResponse } from '../../test/helpers/context.ts';
import { npsSurvey, surveyAnswer } from '../../test/helpers/surveys.ts';
import { GroupCommit } from '../store/group-commit.ts';
import { randomIds } from './clock-ids.ts';
import { planSurveySubmission } from './survey-answers.ts';
import { createSurvey } from './surveys.ts';

let ctx: TestContext;
afterEach(() => ctx.close());

describe('a retried survey answer', () => {
  it('is not acknowledged before everything committed ahead of it is on disk', async () => {
    ctx = await createTestContext();
    const survey = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
    const answer = surveyAnswer(survey, { nps: 9 });
    expect((await postResponse(ctx, answer)).status).toBe(200);

    // A writer whose fsync has not returned yet: the original's, as far as the retry can tell.
    let release!: () => void;
    const synced = new Promise<void>((resolve) => (release = resolve));
    const writes = new GroupCommit(ctx.store.db, ctx.store.sqlite, () => synced);
    const pendingWrite = writes.run(() => undefined);
    let settled = false;
    const retry = planSurveySubmission({ db: ctx.store.db, writes, clock: ctx.clock, ids: randomIds }, ctx.site, v.parse(SurveySubmissionSchema, answer)).then(
      (plan) => ((settled = true), plan),
    );
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(settled).toBe(false);
    release();
    await pendingWrite;
    expect(await retry).toMatchObject({ action: 'replay' });
  });
});
