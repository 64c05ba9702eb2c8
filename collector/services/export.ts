import type { Kysely } from 'kysely';
import type { ExportQuery, InboxItem } from '../../shared/schema/inbox.ts';
import type { Database } from '../store/database.ts';
import { type InboxOrder, type InboxRow, listInbox } from '../store/inbox.ts';
import { tagsOf } from '../store/tags.ts';
import { inboxConditions, toInboxItem } from './inbox.ts';

/**
 * CSV and JSON exports of a filtered inbox, streamed: rows are read in keyset pages of BATCH and
 * a page is read only when the client has taken the previous one (ReadableStream `pull`), so
 * memory stays flat however large the export, and other requests run between pages.
 * Every member of a duplicate cluster is exported (an export is the data, not the view).
 */
const BATCH = 500;

type Cell = string | number | null;

/** The exported columns, in order; each reads one field of the listed item. */
const COLUMNS: Array<[string, (i: InboxItem) => Cell]> = [
  ['id', (i) => i.id],
  ['received_at', (i) => new Date(i.receivedAt).toISOString()],
  ['channel', (i) => i.channel],
  ['kind', (i) => i.kind],
  ['category', (i) => i.category],
  ['survey_id', (i) => i.surveyId],
  ['survey_version', (i) => i.surveyVersion],
  ['scale', (i) => i.scale],
  ['score', (i) => i.score],
  ['text', (i) => i.text],
  ['answers', (i) => (i.answers ? JSON.stringify(i.answers) : null)],
  ['sentiment', (i) => i.sentiment],
  ['sentiment_label', (i) => i.sentimentLabel],
  ['language', (i) => i.language],
  ['priority', (i) => i.priority],
  ['tags', (i) => i.tags.map((t) => t.tag).join('; ')],
  ['status', (i) => i.status],
  ['assignee_id', (i) => i.assigneeId],
  ['page_url', (i) => i.pageUrl],
  ['page_title', (i) => i.pageTitle],
  ['locale', (i) => i.locale],
  ['device', (i) => i.device],
  ['browser', (i) => i.browser],
  ['os', (i) => i.os],
  ['user_id', (i) => i.userId],
  ['email', (i) => i.email],
  ['spam_score', (i) => i.spamScore],
  ['duplicate_cluster_id', (i) => i.duplicateClusterId],
  ['duplicate_count', (i) => i.duplicateCount],
];

/**
 * One RFC 4180 field. Text that a spreadsheet would run as a formula (starting with = + - @, a
 * tab or a carriage return) gets a leading apostrophe, so an exported complaint cannot become
 * `=HYPERLINK(…)` in someone's Excel. Numbers are written as numbers.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvRow = (cells: Cell[]) => `${cells.map(csvField).join(',')}\r\n`;

function nextOrder(sort: ExportQuery['sort'], last: InboxRow): InboxOrder {
  return sort === 'priority'
    ? { sort, after: { priority: last.priority, receivedAt: last.received_at, id: last.id } }
    : { sort, after: { receivedAt: last.received_at, id: last.id } };
}

export async function exportStream(
  db: Kysely<Database>,
  siteId: string,
  query: ExportQuery,
  now: number,
): Promise<{ body: ReadableStream<Uint8Array>; contentType: string; filename: string }> {
  const { format, sort, ...filter } = query;
  const { conditions } = await inboxConditions(db, siteId, filter);
  const encoder = new TextEncoder();
  let order: InboxOrder = { sort };
  let started = false;
  let first = true;
  let done = false;

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = '';
      if (!started) {
        started = true;
        // The byte-order mark makes Excel read UTF-8 (Chinese text) correctly.
        chunk = format === 'csv' ? `\uFEFF${csvRow(COLUMNS.map(([name]) => name))}` : '[';
      }
      if (!done) {
        const rows = await listInbox(db, conditions, order, BATCH, false);
        const tags = await tagsOf(db, rows.map((r) => r.id));
        for (const row of rows) {
          const item = toInboxItem(row, tags);
          if (format === 'csv') {
            chunk += csvRow(COLUMNS.map(([, read]) => read(item)));
          } else {
            const { collapsed: _, ...plain } = item;
            chunk += `${first ? '\n' : ',\n'}${JSON.stringify(plain)}`;
            first = false;
          }
        }
        if (rows.length < BATCH) done = true;
        else order = nextOrder(sort, rows.at(-1)!);
      }
      if (done) {
        if (format === 'json') chunk += '\n]\n';
        controller.enqueue(encoder.encode(chunk));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  const day = new Date(now).toISOString().slice(0, 10);
  return {
    body,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    filename: `feedloop-${siteId.replace(/[^A-Za-z0-9_-]/g, '')}-${day}.${format}`,
  };
}
