import { serve } from '@hono/node-server';
import { Hono } from 'hono';

// The baseline of `npm run bench`: the same HTTP stack as the collector, doing nothing.
const app = new Hono();
app.post('/v1/responses', (c) => c.body(null, 204));
app.get('/healthz', (c) => c.json({ status: 'ok' }));

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, (info) => {
  console.log(`bare endpoint listening on ${info.port}`);
});
