import { createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';
import { daySalt, deleteSaltsBefore } from '../store/ip-salts.ts';
import { type Clock, randomToken } from './clock-ids.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const dayNumber = (ms: number) => Math.floor(ms / DAY_MS);

/**
 * What identifies a sender's network: an IPv4 address (also when written IPv4-mapped, ::ffff:…,
 * in any of its spellings), or the /64 prefix of an IPv6 address, since one household or phone
 * gets a whole /64 and can change the rest at will.
 */
export function networkOf(address: string): string {
  const bare = address.replace(/%.*$/, '');
  if (!isIPv6(bare)) return bare;
  const groups = ipv6Groups(bare);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, with `::` expanded and a trailing dotted IPv4 part as two groups. */
function ipv6Groups(address: string): number[] {
  const text = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`,
  );
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * What a sender's address becomes. `stored`: today's hash, the one kept with a response. `limit`:
 * the key its rate limit and burst count are kept under, in memory only. It is keyed with a random
 * secret of this process rather than the day's salt: keyed by the day's hash, every address got a
 * fresh allowance at UTC midnight (twice its limit within seconds, across the boundary).
 */
export interface SenderHashes {
  stored: string;
  limit: string;
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
   * Today's hash of each open connection's address: an HMAC costs more than the rest of the
   * rate-limit check, and a keep-alive connection sends many requests from one address. Keyed by
   * the connection itself, so no address is kept here, and an entry goes with its connection.
   */
  readonly #byConnection = new WeakMap<object, { day: number; hashes: SenderHashes }>();
  /** Never stored nor shared: restarting the process (which empties the rate limits anyway) makes a new one. */
  readonly #limitSecret = randomBytes(32);

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /**
   * Deletes the salts of days before yesterday. Hashing a request does it too, but a collector
   * that gets no request for a day would keep an old salt until its next one: so it also runs
   * just after each UTC midnight (startSaltPruning).
   */
  pruneOldSalts(): Promise<void> {
    return deleteSaltsBefore(this.#db, utcDay(this.#clock.now() - DAY_MS));
  }

  /** Prunes the salts a few seconds after every UTC midnight; the timer never keeps the process alive. Returns the stop. */
  startSaltPruning(): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const schedule = () => {
      if (stopped) return;
      const now = this.#clock.now();
      timer = setTimeout(() => {
        // A failed run (the database locked past its busy timeout, say) is tried again the next
        // midnight rather than ending the pruning; meanwhile a day's first request prunes as well.
        this.pruneOldSalts().then(schedule, schedule);
      }, (dayNumber(now) + 1) * DAY_MS + 5_000 - now);
      timer.unref?.();
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  /**
   * `connection`: the socket the address is the peer of, when it is (not an address a proxy
   * forwarded): its hash is then made once a day per connection.
   */
  async hash(address: string, connection?: object): Promise<SenderHashes> {
    const now = this.#clock.now();
    const day = dayNumber(now);
    const known = connection && this.#byConnection.get(connection);
    if (known?.day === day) return known.hashes;
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
    const network = networkOf(address);
    const hashes = {
      stored: createHmac('sha256', salt).update(network).digest('base64url').slice(0, 22),
      limit: createHmac('sha256', this.#limitSecret).update(network).digest('base64url').slice(0, 22),
    };
    if (connection) this.#byConnection.set(connection, { day, hashes });
    return hashes;
  }
}
