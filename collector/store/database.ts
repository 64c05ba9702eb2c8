import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Times are milliseconds since the Unix epoch (UTC); JSON columns hold text. */

export interface SiteTable {
  id: string;
  public_key: string;
  name: string;
  /** JSON array of allowed origins such as "https://shop.example"; "*" allows any. */
  allowed_origins: string;
  /** JSON of SiteSettings (shared/schema/site-config.ts). */
  settings: Generated<string>;
  created_at: number;
  updated_at: Generated<number>;
}

export interface SurveyTable {
  id: string;
  site_id: string;
  name: string;
  status: 'active' | 'paused' | 'archived';
  /** The current version; older ones stay in survey_versions. */
  version: number;
  created_at: number;
  updated_at: number;
}

export interface SurveyVersionTable {
  survey_id: string;
  version: number;
  /** JSON of SurveyDefinition (shared/schema/survey.ts), never changed once written. */
  definition: string;
  created_at: number;
}

export interface EventTable {
  id: string;
  site_id: string;
  survey_id: string | null;
  type: 'impression' | 'dismissal' | 'completion' | 'rejected';
  idempotency_key: string;
  client_id: string | null;
  user_id: string | null;
  page_url: string | null;
  reason: string | null;
  client_at: number | null;
  received_at: number;
}

export interface ResponseTable {
  id: string;
  site_id: string;
  idempotency_key: string;
  channel: string;
  kind: string;
  category: string | null;
  text: string | null;
  email: string | null;
  score: number | null;
  scale: string | null;
  page_url: string | null;
  page_title: string | null;
  locale: string | null;
  device: string;
  browser: string;
  os: string;
  client_id: string | null;
  user_id: string | null;
  received_at: number;
  survey_id: string | null;
  survey_version: number | null;
  /** JSON object of question id → answer, for survey responses. */
  answers: string | null;
  /** 1 when the respondent reached the end; partial responses keep 0. */
  finished: number | null;
  /** JSON of the identify() attributes at the time of the answer. */
  attributes: string | null;
  updated_at: number | null;
  /** In [0, 1]; computed from spam_reasons (collector/services/spam.ts). Spam is kept, flagged. */
  spam_score: Generated<number>;
  /** JSON array of SpamReason codes. */
  spam_reasons: Generated<string>;
  /** The near-duplicate cluster of the text, when the text is long enough to have one. */
  duplicate_cluster_id: number | null;
  /** HMAC-SHA256 of the sender's IP under the day's salt (services/ip-hash.ts); never the raw IP. */
  ip_hash: string | null;
  /** -1 … 1, the text's own sentiment (never mixed with the rating); null without text. */
  sentiment: number | null;
  sentiment_label: 'pos' | 'neu' | 'neg' | null;
  language: string | null;
  /** JSON array of the text's keywords, most frequent first. */
  keywords: string | null;
  /** 0 … 100 (services/priority.ts). */
  priority: Generated<number>;
  /** JSON array of PriorityReason. */
  priority_reasons: Generated<string>;
  /** Inbox workflow (0006): new → triaged → in_progress → resolved → closed. */
  status: Generated<'new' | 'triaged' | 'in_progress' | 'resolved' | 'closed'>;
  /** The admin user who owns it (0006). */
  assignee_id: string | null;
}

export interface TagRuleTable {
  id: string;
  site_id: string;
  /** A keyword or phrase in either language, as the admin typed it. */
  pattern: string;
  tag: string;
  created_at: number;
}

/** A site whose rules changed and whose responses are not all re-tagged yet (0009). */
export interface TagReapplyPendingTable {
  site_id: string;
  /** When the latest rule change asked for it (ms). */
  requested_at: number;
}

export interface ResponseTagTable {
  response_id: string;
  tag: string;
  source: 'auto' | 'manual';
}

export interface DuplicateClusterTable {
  id: Generated<number>;
  site_id: string;
  /** Normalised text of the first member (shared/normalize-text.ts). */
  sample: string;
  /** How many responses belong to this cluster (the first member included). */
  size: number;
  /**
   * The response that started the cluster. It points at the cluster only once a second member
   * joins (migration 0008): until then it is a text like any other.
   */
  first_response_id: string | null;
  first_seen_at: number;
  last_seen_at: number;
}

export interface DuplicateClusterBandTable {
  /** One LSH band of the cluster sample's MinHash signature, with the site mixed in. */
  band_key: number;
  cluster_id: number;
}

export interface DuplicateBandsMergedTable {
  /** Clusters up to this id have their band rows; those above it wait in memory (store/band-index.ts). */
  upto: number;
}

export interface IpSaltTable {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  salt: string;
}

export interface AdminUserTable {
  id: string;
  email: string;
  password_hash: string;
  role: 'admin' | 'agent' | 'viewer';
  failed_logins: Generated<number>;
  locked_until: number | null;
  created_at: number;
}

export interface AdminSessionTable {
  /** Opaque id the admin view lists and revokes sessions by (0005); never the token hash. */
  id: string;
  /** SHA-256 of the cookie token: a stolen database file holds no usable session. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  user_agent: string;
}

export interface AdminInviteTable {
  id: string;
  /** SHA-256 of the one-time link's token. A used or revoked invite is deleted. */
  token_hash: string;
  email: string;
  role: 'admin' | 'agent' | 'viewer';
  invited_by: string | null;
  created_at: number;
  expires_at: number;
}

/** An internal note on a response (0006); never shown to the customer. */
export interface ResponseNoteTable {
  id: string;
  response_id: string;
  /** Null once the author's account is gone. */
  author_id: string | null;
  text: string;
  created_at: number;
}

/** One change to a response's workflow (0006): who did what, when. */
export interface ResponseActivityTable {
  id: Generated<number>;
  response_id: string;
  actor_id: string | null;
  kind: 'status' | 'assignee' | 'tag_added' | 'tag_removed' | 'note';
  from_value: string | null;
  to_value: string | null;
  created_at: number;
}

/** The full-text row of an indexed response (0006; the FTS5 table itself is raw SQL). */
export interface ResponseSearchDocTable {
  doc: Generated<number>;
  response_id: string;
}

/** Responses to (re)index for search, in the order they changed; one may appear more than once. */
export interface ResponseSearchQueueTable {
  seq: Generated<number>;
  response_id: string;
}

/**
 * The later idempotency keys of a survey response (0013): a second answer from the same person
 * updates their response under a key of its own, which retries and follow-ups then name.
 */
export interface SubmissionKeyTable {
  site_id: string;
  idempotency_key: string;
  response_id: string;
  /** The browser that sent it: only that one may add follow-ups under this key. */
  client_id: string;
  received_at: number;
}

export interface Database {
  sites: SiteTable;
  responses: ResponseTable;
  admin_users: AdminUserTable;
  admin_sessions: AdminSessionTable;
  admin_invites: AdminInviteTable;
  surveys: SurveyTable;
  survey_versions: SurveyVersionTable;
  events: EventTable;
  duplicate_clusters: DuplicateClusterTable;
  duplicate_cluster_bands: DuplicateClusterBandTable;
  duplicate_bands_merged: DuplicateBandsMergedTable;
  ip_salts: IpSaltTable;
  tag_rules: TagRuleTable;
  tag_reapply_pending: TagReapplyPendingTable;
  response_tags: ResponseTagTable;
  response_notes: ResponseNoteTable;
  response_activity: ResponseActivityTable;
  response_search_docs: ResponseSearchDocTable;
  response_search_queue: ResponseSearchQueueTable;
  submission_keys: SubmissionKeyTable;
}

export type Site = Selectable<SiteTable>;
export type NewSite = Insertable<SiteTable>;
export type StoredResponse = Selectable<ResponseTable>;
export type NewResponse = Insertable<ResponseTable>;
export type AdminUser = Selectable<AdminUserTable>;
export type AdminUserUpdate = Updateable<AdminUserTable>;
export type AdminSession = Selectable<AdminSessionTable>;
export type AdminInvite = Selectable<AdminInviteTable>;
export type Survey = Selectable<SurveyTable>;
export type StoredEvent = Selectable<EventTable>;
export type NewEvent = Insertable<EventTable>;
export type SubmissionKey = Selectable<SubmissionKeyTable>;
export type DuplicateCluster = Selectable<DuplicateClusterTable>;
export type NewDuplicateCluster = Insertable<DuplicateClusterTable>;
export type TagRule = Selectable<TagRuleTable>;
