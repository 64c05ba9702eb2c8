import * as v from 'valibot';
import { ROLES, type Role } from './admin-api.ts';

/** Bodies and answers of the accounts, invites, sessions and sites routes under /admin/api. */

/** Same rule as ADMIN_PASSWORD for the first admin (collector/config.ts). */
export const PASSWORD_MIN_LENGTH = 10;

export const PasswordSchema = v.pipe(
  v.string(),
  v.minLength(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`),
  v.maxLength(1024),
);

const Email = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email('must be an email address'), v.maxLength(254));
const RoleSchema = v.picklist(ROLES, 'must be admin, agent or viewer');

export const InviteBodySchema = v.strictObject({ email: Email, role: RoleSchema });
export type InviteBody = v.InferOutput<typeof InviteBodySchema>;

/** The token is the last part of the invite link; sent in a body so it never lands in access logs. */
const InviteToken = v.pipe(v.string(), v.minLength(16), v.maxLength(128), v.regex(/^[A-Za-z0-9_-]+$/, 'is not an invite token'));

export const InviteLookupBodySchema = v.strictObject({ token: InviteToken });
export const InviteAcceptBodySchema = v.strictObject({ token: InviteToken, password: PasswordSchema });

export const RoleBodySchema = v.strictObject({ role: RoleSchema });

export const PasswordChangeBodySchema = v.strictObject({
  currentPassword: v.pipe(v.string(), v.minLength(1, 'enter your current password'), v.maxLength(1024)),
  newPassword: PasswordSchema,
});

/** "https://shop.example" or "http://localhost:3000" (scheme, host, port, nothing else), or "*". */
const OriginSchema = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(300),
  v.check((s) => s === '*' || originOf(s) !== undefined, 'must be an origin such as https://shop.example (no path, no wildcard in the host), or * for any'),
);

/**
 * The origin `s` names, as browsers send it in the Origin header: lower case, an international
 * host in punycode ("bücher.example" → "xn--bcher-kva.example"), no default port (":443"), no
 * trailing slash. Undefined for anything more than an origin (a path, a query, credentials).
 */
function originOf(s: string): string | undefined {
  try {
    const url = new URL(s);
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !/[?#]/.test(s);
    // A browser's Origin never holds "*": "https://*.shop.example" would be stored and never match.
    return (url.protocol === 'https:' || url.protocol === 'http:') && bare && !url.hostname.includes('*') ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

const SiteName = v.pipe(v.string(), v.trim(), v.minLength(1, 'enter a name'), v.maxLength(100));
const Origins = v.pipe(
  v.array(OriginSchema),
  v.maxLength(50, 'at most 50 origins'),
  // Stored the way browsers send the Origin header (originOf), each once.
  v.transform((list) => [...new Set(list.map((o) => (o === '*' ? o : originOf(o)!)))]),
);

export const SiteCreateBodySchema = v.strictObject({ name: SiteName, allowedOrigins: v.optional(Origins, []) });
export type SiteCreateBody = v.InferOutput<typeof SiteCreateBodySchema>;

export const SitePatchBodySchema = v.strictObject({ name: v.optional(SiteName), allowedOrigins: v.optional(Origins) });
export type SitePatchBody = v.InferOutput<typeof SitePatchBodySchema>;

export interface UserItem {
  id: string;
  email: string;
  role: Role;
  createdAt: number;
  /** Set while the account is locked after failed sign-ins. */
  lockedUntil: number | null;
}

export interface InviteItem {
  id: string;
  email: string;
  role: Role;
  createdAt: number;
  expiresAt: number;
  /** Who sent it; null once that account was removed. */
  invitedBy: string | null;
}

/** POST /invites answers with the link once: only the token's hash is stored. */
export interface CreatedInvite {
  invite: InviteItem;
  link: string;
}

export interface InviteLookup {
  email: string;
  role: Role;
  expiresAt: number;
}

export interface SessionItem {
  /** Opaque id for revoking; never the token or its hash. */
  id: string;
  userId: string;
  email: string;
  createdAt: number;
  expiresAt: number;
  /** Coarse class of the browser that signed in, e.g. { browser: 'chrome', os: 'macos', device: 'desktop' }. */
  agent: { browser: string; os: string; device: string };
  /** The session making this request. */
  current: boolean;
}
