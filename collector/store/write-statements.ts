import type SQLite from 'better-sqlite3';
import { BandIndex, type BandIndexOptions } from './band-index.ts';
import type { DuplicateCluster, NewDuplicateCluster, NewResponse, ResponseTable, StoredResponse } from './database.ts';
import { AnalysisBacklog } from './analysis-backlog.ts';
import type { AnalysisColumns, AnalysisInputs } from './response-analysis.ts';

/**
 * The statements of the ingest write path, prepared once and run synchronously on the writer's
 * connection inside a group-commit transaction (store/group-commit.ts).
 *
 * Why not Kysely here: on this path, building and compiling each query, and awaiting each
 * statement, cost more than SQLite's own work (profiled: about a third of a response's time).
 * Everywhere else, queries go through Kysely; these few are typed by the same `Database`
 * interface, and the column list below is checked against it at compile time.
 */

/** Every column of `responses`, in the order of the insert's placeholders. */
const RESPONSE_COLUMNS = [
  'id', 'site_id', 'idempotency_key', 'channel', 'kind', 'category', 'text', 'email', 'score', 'scale',
  'page_url', 'page_title', 'locale', 'device', 'browser', 'os', 'client_id', 'user_id', 'received_at',
  'survey_id', 'survey_version', 'answers', 'finished', 'attributes', 'updated_at', 'spam_score',
  'spam_reasons', 'duplicate_cluster_id', 'ip_hash', 'sentiment', 'sentiment_label', 'language',
  'keywords', 'priority', 'priority_reasons', 'status', 'assignee_id',
] as const satisfies ReadonlyArray<keyof ResponseTable>;

// A compile error here means a column was added to ResponseTable but not to the list above.
type MissingColumn = Exclude<keyof ResponseTable, (typeof RESPONSE_COLUMNS)[number]>;
const allColumnsListed: [MissingColumn] extends [never] ? true : MissingColumn = true;
void allColumnsListed;

/** Defaults of the columns the schema fills in when an insert leaves them out. */
const RESPONSE_DEFAULTS: Partial<Record<keyof ResponseTable, unknown>> = {
  spam_score: 0,
  spam_reasons: '[]',
  priority: 0,
  priority_reasons: '[]',
  status: 'new',
};

export class WriteStatements {
  readonly #byKey: SQLite.Statement;
  readonly #byUpdateKey: SQLite.Statement;
  readonly #insertResponse: SQLite.Statement;
  readonly #clusterSample: SQLite.Statement;
  readonly #insertCluster: SQLite.Statement;
  readonly #growCluster: SQLite.Statement;
  readonly #linkMember: SQLite.Statement;
  readonly #forgetFirst: SQLite.Statement;
  readonly #senderByClient: SQLite.Statement;
  readonly #senderByIp: SQLite.Statement;
  readonly #insertTag: SQLite.Statement;
  readonly #backlog: AnalysisBacklog;
  /** The LSH band index of the clusters, partly in memory (store/band-index.ts). */
  readonly bands: BandIndex;

  constructor(sqlite: SQLite.Database, bandOptions?: BandIndexOptions) {
    this.bands = new BandIndex(sqlite, bandOptions);
    this.#byKey = sqlite.prepare('select id, received_at from responses where site_id = ? and idempotency_key = ?');
    this.#byUpdateKey = sqlite.prepare(
      'select r.id, r.received_at from submission_keys k join responses r on r.id = k.response_id where k.site_id = ? and k.idempotency_key = ?',
    );
    this.#insertResponse = sqlite.prepare(
      `insert into responses (${RESPONSE_COLUMNS.join(', ')}) values (${RESPONSE_COLUMNS.map(() => '?').join(', ')})`,
    );
    this.#clusterSample = sqlite.prepare('select id, sample, first_response_id from duplicate_clusters where id = ? and site_id = ?');
    this.#insertCluster = sqlite
      .prepare(
        'insert into duplicate_clusters (site_id, sample, size, first_seen_at, last_seen_at, first_response_id) values (?, ?, ?, ?, ?, ?) returning id',
      )
      .pluck();
    // A cluster left empty (its only member's text changed) restarts with the newcomer as its first member.
    this.#growCluster = sqlite.prepare(
      `update duplicate_clusters set size = size + 1, last_seen_at = ?,
         first_response_id = case when size = 0 then ? else first_response_id end
       where id = ? returning size, first_response_id`,
    );
    this.#linkMember = sqlite.prepare('update responses set duplicate_cluster_id = ? where id = ? and duplicate_cluster_id is null');
    this.#forgetFirst = sqlite.prepare('update duplicate_clusters set size = size - 1, first_response_id = null where id = ?');
    // Two statements rather than one OR: each is answered from its own partial index.
    this.#senderByClient = sqlite
      .prepare('select 1 from responses where duplicate_cluster_id = ? and client_id = ? and id != ? limit 1')
      .pluck();
    this.#senderByIp = sqlite
      .prepare('select 1 from responses where duplicate_cluster_id = ? and ip_hash = ? and id != ? limit 1')
      .pluck();
    this.#insertTag = sqlite.prepare("insert or ignore into response_tags (response_id, tag, source) values (?, ?, 'auto')");
    this.#backlog = new AnalysisBacklog(sqlite);
  }

  /**
   * The response an idempotency key is known by: the one its submission made, or the one a later
   * survey answer sent under it updated (submission_keys) — a body resent under that key, even as
   * another kind, is a retry of that answer.
   */
  responseOfKey(siteId: string, idempotencyKey: string): Pick<StoredResponse, 'id' | 'received_at'> | undefined {
    return (this.#byKey.get(siteId, idempotencyKey) ?? this.#byUpdateKey.get(siteId, idempotencyKey)) as
      | Pick<StoredResponse, 'id' | 'received_at'>
      | undefined;
  }

  insertResponse(row: NewResponse): void {
    const record = row as Partial<Record<keyof ResponseTable, unknown>>;
    this.#insertResponse.run(RESPONSE_COLUMNS.map((c) => record[c] ?? RESPONSE_DEFAULTS[c] ?? null));
  }

  /**
   * The site's clusters sharing at least one LSH band with `bandKeys` (site-scoped keys), those
   * sharing the most bands first (the likeliest near-duplicates), at most `limit` of them.
   * Counted here: SQLite's GROUP BY and ORDER BY on these few rows would cost more than the lookup.
   */
  clusterCandidates(
    siteId: string,
    bandKeys: readonly number[],
    limit: number,
  ): Array<Pick<DuplicateCluster, 'id' | 'sample' | 'first_response_id'>> {
    const matches = this.bands.matches(bandKeys);
    if (matches.length === 0) return [];
    const hits = new Map<number, number>();
    for (const id of matches) hits.set(id, (hits.get(id) ?? 0) + 1);
    const best = [...hits].sort((a, b) => b[1] - a[1]).slice(0, limit);
    // Keys from different sites could collide by chance; clusters never cross sites.
    return best.flatMap(
      ([id]) => (this.#clusterSample.get(id, siteId) as Pick<DuplicateCluster, 'id' | 'sample' | 'first_response_id'> | undefined) ?? [],
    );
  }

  /** Stores a new cluster (its band keys go to the band index); returns its id. */
  insertCluster(cluster: NewDuplicateCluster, bandKeys: readonly number[]): number {
    const { site_id, sample, size, first_seen_at, last_seen_at, first_response_id } = cluster;
    const id = this.#insertCluster.get(site_id, sample, size, first_seen_at, last_seen_at, first_response_id ?? null) as number;
    this.bands.add(id, bandKeys);
    return id;
  }

  /**
   * One member more (`responseId`); returns the cluster's new size and its first member, which is
   * the newcomer when the cluster was empty.
   */
  growCluster(id: number, responseId: string, now: number): Pick<DuplicateCluster, 'size' | 'first_response_id'> {
    return this.#growCluster.get(now, responseId, id) as Pick<DuplicateCluster, 'size' | 'first_response_id'>;
  }

  /** Points a response at its cluster, unless it already points at one. */
  linkMember(clusterId: number, responseId: string): void {
    this.#linkMember.run(clusterId, responseId);
  }

  /** The unlinked first member leaves its cluster (its text changed). */
  forgetFirstMember(clusterId: number): void {
    this.#forgetFirst.run(clusterId);
  }

  /** Whether this browser or network address already has another response in the cluster. */
  senderInCluster(clusterId: number, sender: { clientId: string | null; ipHash: string | null; exceptId: string }): boolean {
    const { clientId, ipHash, exceptId } = sender;
    if (clientId !== null && this.#senderByClient.get(clusterId, clientId, exceptId) !== undefined) return true;
    return ipHash !== null && this.#senderByIp.get(clusterId, ipHash, exceptId) !== undefined;
  }

  /**
   * Texts' analyses, made later from the rows as they were read (services/analysis-catch-up.ts),
   * each written unless its row changed since; the ids written. As store/response-analysis.ts
   * updateAnalysedIfUnchanged for one row, without Kysely: the catch-up writes a saturated
   * collector's texts.
   */
  addAnalysesIfUnchanged(batch: ReadonlyArray<{ read: AnalysisInputs; columns: AnalysisColumns }>): string[] {
    return this.#backlog.writeIfUnchanged(batch);
  }

  /** Auto-tags of a response that has none yet (a new row). */
  insertAutoTags(responseId: string, tags: readonly string[]): void {
    for (const tag of tags) this.#insertTag.run(responseId, tag);
  }
}
