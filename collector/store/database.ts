import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Times are milliseconds since the Unix epoch (UTC); JSON columns hold text. */

export interface SiteTable {
  id: string;
  public_key: string;
  name: string;
  /** JSON array of allowed origins such as "https://shop.example"; "*" allows any. */
  allowed_origins: string;
  created_at: number;
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
  /** SHA-256 of the cookie token: a stolen database file holds no usable session. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  user_agent: string;
}

export interface Database {
  sites: SiteTable;
  responses: ResponseTable;
  admin_users: AdminUserTable;
  admin_sessions: AdminSessionTable;
}

export type Site = Selectable<SiteTable>;
export type NewSite = Insertable<SiteTable>;
export type StoredResponse = Selectable<ResponseTable>;
export type NewResponse = Insertable<ResponseTable>;
export type AdminUser = Selectable<AdminUserTable>;
export type AdminUserUpdate = Updateable<AdminUserTable>;
export type AdminSession = Selectable<AdminSessionTable>;
