import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';
import { daySalt } from '../store/ip-salts.ts';
import { type Clock, randomToken } from './clock-ids.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const dayNumber = (ms: number) => Math.floor(ms / DAY_MS);

/** Addresses whose hash is remembered within a day, at most. */
const HASH_CACHE_SIZE = 50_000;

/**
 * What identifies a sender's network: an IPv4 address (also when written IPv4-mapped, ::ffff:…),
 * or the /64 prefix of an IPv6 address, since one household or phone gets a whole /64 and can
 * change the rest at will.
 */
export function networkOf(address: string): string {
  const bare = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1]!;
  if (isIPv4(bare) || !isIPv6(bare)) return bare;
  const [head = '', tail = ''] = bare.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = bare.includes('::') && tail ? tail.split(':') : [];
  const groups = bare.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * Turns client addresses into HMAC-SHA256 hashes keyed with a random salt per UTC day. The salt
 * lives in the database (so every collector process hashes alike) and only today's and
 * yesterday's are kept: the raw address is never stored, and once its day's salt is gone nobody, the operator
 * included, can tell which address a stored hash came from, or link one day's hashes to the next.
 */
export class IpHasher {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  #current: { day: number; salt: Promise<string> } | undefined;
  /**
   * Today's hashes by address: an HMAC costs more than the rest of the rate-limit check, and a
   * browser sends its requests from one address. Memory only, emptied with each new day's salt
   * (so it never links two days) and whenever it reaches HASH_CACHE_SIZE.
   */
  #hashes = new Map<string, string>();
  #hashesDay = -1;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async hash(address: string): Promise<string> {
    const now = this.#clock.now();
    const day = dayNumber(now);
    let current = this.#current;
    if (current?.day !== day) {
      const salt = daySalt(this.#db, utcDay(now), randomToken(32), utcDay(now - DAY_MS));
      current = { day, salt };
      this.#current = current;
      // A failed read is retried by the next request rather than remembered.
      salt.catch(() => {
        if (this.#current?.salt === salt) this.#current = undefined;
      });
    }
    const salt = await current.salt;
    if (this.#hashesDay !== day || this.#hashes.size >= HASH_CACHE_SIZE) {
      this.#hashes.clear();
      this.#hashesDay = day;
    }
    let hash = this.#hashes.get(address);
    if (hash === undefined) {
      hash = createHmac('sha256', salt).update(networkOf(address)).digest('base64url').slice(0, 22);
      this.#hashes.set(address, hash);
    }
    return hash;
  }
}
