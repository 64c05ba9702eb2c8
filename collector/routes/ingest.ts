import { Hono } from 'hono';
import { SubmissionSchema } from '../../shared/schema/wire.ts';
import { limitBody, readJson, validate } from '../http/body.ts';
import { type SiteEnv, siteCors } from '../http/site-cors.ts';
import { type IngestDeps, ingestSubmission } from '../services/ingest.ts';

/** The public write endpoint the widget calls: POST /v1/responses?site=<public key>. */
export function ingestRoutes(deps: IngestDeps, opts: { maxBodyBytes: number }) {
  const app = new Hono<SiteEnv>();
  // Site and origin are checked before the body is read: a stranger's bytes cost us nothing.
  app.use('/responses', siteCors(deps.db, 'POST'));
  app.post('/responses', limitBody(opts.maxBodyBytes), async (c) => {
    const submission = validate(SubmissionSchema, await readJson(c));
    const ack = await ingestSubmission(
      deps,
      { site: c.get('site'), channel: 'widget', userAgent: c.req.header('user-agent') },
      submission,
    );
    return c.json(ack, 200);
  });
  return app;
}
