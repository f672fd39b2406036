import { encodeJobId } from '@internal/plugin-jenkins-common';

/**
 * The values the fuzz suite draws from, each labelled with what it is by
 * construction: `ok` (well-formed and names something that exists),
 * `unknown` (well-formed, but names nothing the caller may reach: refused
 * without calling Jenkins), or `bad` (malformed: refused with 4xx before
 * anything else). Path values are raw URL text, sent without normalising.
 * Test support only.
 */
export type Validity = 'ok' | 'unknown' | 'bad';

/** A value and what it is. */
export interface Variant {
  value: string;
  validity: Validity;
}

const ok = (...values: string[]): Variant[] =>
  values.map(value => ({ value, validity: 'ok' }));
const unknown = (...values: string[]): Variant[] =>
  values.map(value => ({ value, validity: 'unknown' }));
const bad = (...values: string[]): Variant[] =>
  values.map(value => ({ value, validity: 'bad' }));

/** Malformed in any path segment: dots, encodings, NUL, unicode, length. */
const HOSTILE_SEGMENTS = bad(
  '..',
  '.',
  '%2e%2e',
  '%2E',
  '%2e',
  '.%2e',
  '%2F',
  'a%2Fb',
  '%5C',
  '%00',
  'a%00b',
  '%0d%0aX-Injected:%201',
  'x'.repeat(400),
  '%F0%9F%92%A5',
  'caf%C3%A9',
  'p%D0%B0yments-service',
  '%FF',
  '%E0%A4%A',
  'a%20b',
  '%3Cscript%3E',
  '%24%7Bjndi%3Aldap%3A%2F%2Fx%7D',
  'a%3Ab',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
);

export const KINDS: Variant[] = [
  ...ok('component', 'Component', 'COMPONENT'),
  ...unknown('system', 'api', 'user'),
  ...HOSTILE_SEGMENTS,
  ...bad('1component', '-x', 'k'.repeat(64), 'comp.onent'),
];

export const NAMESPACES: Variant[] = [
  ...ok('default', 'Default'),
  ...unknown('other', 'x.y_z-1', '...a'),
  ...HOSTILE_SEGMENTS,
  ...bad('n'.repeat(64)),
];

/** Entity names, with the job full names each declares. */
export const ENTITY_JOBS: Record<string, string[]> = {
  'payments-service': [
    'payments/payments-service',
    'payments/deploy-staging',
    'payments/deploy-production',
  ],
  'nightly-backup': ['platform/nightly-backup'],
};

export const NAMES: Variant[] = [
  ...ok('payments-service', 'Payments-Service', 'nightly-backup'),
  ...unknown('no-such-service', 'payments-service.', 'payments_service'),
  ...HOSTILE_SEGMENTS,
  ...bad('n'.repeat(128)),
];

const ALL_JOBS = Object.values(ENTITY_JOBS).flat();

/**
 * Job ids for an entity: its own, others', and malformed ones. For a name
 * that is no demo entity, the payments jobs count as its own: the entity
 * is what is wrong then.
 */
export function jobIds(entityName: string): Variant[] {
  const own =
    ENTITY_JOBS[entityName.toLowerCase()] ?? ENTITY_JOBS['payments-service'];
  const staging = encodeJobId('default', 'payments/deploy-staging');
  return [
    ...own.map(name => ({
      value: encodeJobId('default', name),
      validity: 'ok' as const,
    })),
    ...ALL_JOBS.filter(name => !own.includes(name)).map(name => ({
      value: encodeJobId('default', name),
      validity: 'unknown' as const,
    })),
    // One segment below a declared job may be a branch of a multibranch
    // job: only Jenkins can tell, so it is asked (as the caller).
    ...ok(
      encodeJobId('default', 'PAYMENTS/DEPLOY-STAGING/x'),
      encodeJobId('default', 'payments/payments-service/main'),
    ),
    ...unknown(
      encodeJobId('other', 'payments/deploy-staging'),
      encodeJobId('default', 'payments/../platform/nightly-backup'),
      encodeJobId('default', 'payments/deploy-staging/'),
      encodeJobId('default', 'payments/deploy-staging\u0000'),
      encodeJobId('default', '../../script'),
      'Zm9v',
      staging.toUpperCase(),
      `${staging}x`,
    ),
    ...HOSTILE_SEGMENTS,
    ...bad(
      `${staging}%3D`,
      `${staging}=`,
      `${staging}.`,
      `%2F${staging}`,
      'a'.repeat(2049),
      encodeJobId('default', 'x'.repeat(1100)),
    ),
  ];
}

/** Numbers that are not canonical whole decimals, as path or query text. */
const HOSTILE_NUMBERS = bad(
  '-1',
  '0x1',
  '1e3',
  '01',
  '1.0',
  '1.5',
  '%201',
  '1%20',
  '%2B1',
  'NaN',
  'Infinity',
  '9007199254740993',
  '99999999999999999999999',
  '%D9%A1',
  '1%00',
  'abc',
  '..',
  '%2e%2e',
  '0b1',
  '1_000',
  'x'.repeat(300),
);

export const BUILD_NUMBERS: Variant[] = [
  ...ok('1', '2', '7', '25', '40', '99999', '2147483647'),
  ...HOSTILE_NUMBERS,
  ...bad('0', '2147483648'),
];

export const QUEUE_IDS: Variant[] = [
  ...ok('1', '3', '1000', '12345', '9007199254740991'),
  ...HOSTILE_NUMBERS,
  ...bad('0', '9007199254740992'),
];

export const INPUT_IDS: Variant[] = [
  ...ok('Promote', 'promote', 'x.y-z_1'),
  ...HOSTILE_SEGMENTS,
  ...bad('..', '.', '...', 'i'.repeat(201)),
];

/** `?limit=&cursor=` of the paginated routes. */
export const PAGE_QUERIES: Variant[] = [
  ...ok(
    '',
    '?limit=1',
    '?limit=100',
    '?limit=20&cursor=',
    '?limit=5',
    // The query parser drops prototype keys: this is an empty query.
    '?__proto__[limit]=1',
  ),
  ...bad(
    '?limit=0',
    '?limit=101',
    '?limit=1e1',
    '?limit=0x1',
    '?limit=-1',
    '?limit=1&limit=2',
    '?limit[a]=1',
    '?limit[]=1',
    '?foo=bar',
    '?cursor=%00',
    `?cursor=${'a'.repeat(201)}`,
    '?cursor=abc',
    '?cursor=..',
    '?cursor[x]=1',
    '?limit=%D9%A1',
  ),
];

export const LOG_QUERIES: Variant[] = [
  ...ok('', '?start=0', '?start=100', '?start=99999999'),
  ...bad(
    '?start=-1',
    '?start=1e2',
    '?start=abc',
    '?start=1&start=2',
    '?start[a]=1',
    '?limit=1',
    '?start=9007199254740993',
  ),
];

export const NO_QUERIES: Variant[] = [
  ...ok(''),
  ...bad('?x=1', '?limit=1', '?tree=*', '?depth=5', '?a[b]=c'),
];

export const AUDIT_QUERIES: Variant[] = [
  ...ok(
    '',
    '?format=csv',
    '?format=ndjson',
    '?from=2024-01-01T00:00:00Z',
    '?actor=user:default/alice',
    '?limit=5&format=json',
  ),
  ...bad(
    '?format=xml',
    '?from=yesterday',
    '?limit=0',
    '?limit=100001',
    `?actor=${'a'.repeat(301)}`,
    '?x=1',
    '?format[]=csv',
    '?to=2024-13-45T99:00:00Z',
  ),
];
