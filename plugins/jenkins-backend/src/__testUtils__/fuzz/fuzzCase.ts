import { mockCredentials } from '@backstage/backend-test-utils';
import { SeededRandom } from './SeededRandom';

/**
 * What a generated request must get, by construction:
 * - `refused`: malformed input, no credentials, or a target the caller
 *   cannot reach: 4xx, and Jenkins hears nothing of it;
 * - `noWrite`: well-formed, but breaking the job's parameter definitions:
 *   4xx, and Jenkins may be read but not written;
 * - `any`: valid; anything but 5xx.
 */
export type Expectation = 'refused' | 'noWrite' | 'any';

/** One generated request. */
export interface FuzzCase {
  /** What was generated, e.g. `POST trigger kind=%2e%2e`. */
  label: string;
  method: string;
  /** Raw path and query, sent as is. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  expect: Expectation;
  /** Secrets the request carries (password parameter values). */
  secrets: string[];
}

/** The strictest of several expectations. */
export function strictest(...expectations: Expectation[]): Expectation {
  if (expectations.includes('refused')) return 'refused';
  if (expectations.includes('noWrite')) return 'noWrite';
  return 'any';
}

interface AuthVariant {
  label: string;
  headers: Record<string, string>;
  valid: boolean;
}

/**
 * The caller: demo users (the owner, another team's member, one in no
 * group, one the catalog does not know), a service, and credentials that
 * authenticate nobody. Several times as likely to be a valid one.
 */
const AUTH: AuthVariant[] = [
  ...['alice', 'alice', 'alice', 'bob', 'carol', 'mallory'].map(user => ({
    label: user,
    headers: {
      Authorization: mockCredentials.user.header(`user:default/${user}`),
    },
    valid: true,
  })),
  {
    label: 'service',
    headers: { Authorization: mockCredentials.service.header() },
    valid: true,
  },
  { label: 'no auth', headers: {}, valid: false },
  {
    label: 'garbage bearer',
    headers: { Authorization: 'Bearer not-a-token' },
    valid: false,
  },
  {
    label: "Jenkins' Basic token",
    headers: {
      Authorization: `Basic ${Buffer.from('alice:alice-token').toString(
        'base64',
      )}`,
    },
    valid: false,
  },
  {
    label: 'forged JWT',
    headers: {
      Authorization:
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvYm9iIn0.',
    },
    valid: false,
  },
  {
    label: 'empty bearer',
    headers: { Authorization: 'Bearer ' },
    valid: false,
  },
];

/** Tokens of the callers: they must never come back either. */
export const CALLER_TOKENS = AUTH.filter(a => a.valid).map(a =>
  a.headers.Authorization.replace(/^Bearer /, ''),
);

/** Headers that must change nothing: spoofed identities, forged crumbs. */
const NOISE: Array<Record<string, string>> = [
  {},
  {},
  {},
  { 'X-Forwarded-User': 'admin', 'X-Forwarded-Groups': 'admins' },
  { 'Jenkins-Crumb': 'forged', Cookie: 'JSESSIONID.1234abcd=node0forged' },
  { Accept: 'text/html' },
  { 'X-Requested-With': 'XMLHttpRequest' },
  { 'X-Backstage-Request-Id': '../../etc/passwd' },
];

/** A caller and noise headers. */
export function authOf(random: SeededRandom): {
  label: string;
  headers: Record<string, string>;
  expect: Expectation;
} {
  const auth = random.pick(AUTH.filter(a => a.valid === !random.chance(0.12)));
  return {
    label: auth.label,
    headers: { ...auth.headers, ...random.pick(NOISE) },
    expect: auth.valid ? 'any' : 'refused',
  };
}

/** An `Idempotency-Key` for a write, mostly none or a fresh one. */
export function idempotencyKeyOf(
  random: SeededRandom,
  serial: number,
): { headers: Record<string, string>; expect: Expectation } {
  const roll = random.next();
  if (roll < 0.5) return { headers: {}, expect: 'any' };
  if (roll < 0.8) {
    return { headers: { 'Idempotency-Key': `fuzz-${serial}` }, expect: 'any' };
  }
  if (roll < 0.88) {
    // Reused with other requests: 422 for a different one.
    return {
      headers: { 'Idempotency-Key': `fuzz-shared-${random.int(1, 3)}` },
      expect: 'any',
    };
  }
  return {
    headers: {
      'Idempotency-Key': random.pick([
        '',
        'two words',
        'k'.repeat(256),
        'cl\u00e9',
        '\t',
      ]),
    },
    expect: 'refused',
  };
}
