import { decodeJobId } from '@internal/plugin-jenkins-common';
import {
  authOf,
  Expectation,
  FuzzCase,
  idempotencyKeyOf,
  strictest,
} from './fuzzCase';
import {
  BodyVariant,
  emptyBody,
  inputAnswerBody,
  triggerBody,
} from './fuzzBodies';
import {
  AUDIT_QUERIES,
  BUILD_NUMBERS,
  INPUT_IDS,
  jobIds,
  KINDS,
  LOG_QUERIES,
  NAMES,
  NAMESPACES,
  NO_QUERIES,
  PAGE_QUERIES,
  QUEUE_IDS,
  Validity,
  Variant,
} from './fuzzValues';
import { SeededRandom } from './SeededRandom';

/**
 * Requests over every route of `readRoutes`, `writeRoutes`, `auditRoutes`
 * and `createRouter`, each part drawn valid or hostile. Test support only.
 */

const API = '/api/jenkins';

function expectationOf(validity: Validity): Expectation {
  return validity === 'ok' ? 'any' : 'refused';
}

/** Mostly the first (valid) variants, sometimes any. */
function draw(random: SeededRandom, pool: Variant[], pHostile = 0.3): Variant {
  if (random.chance(pHostile)) return random.pick(pool);
  return random.pick(pool.filter(v => v.validity === 'ok'));
}

interface Parts {
  label: string[];
  path: string;
  expect: Expectation[];
  /** The job full name the path names, when it names a real one. */
  job?: string;
}

function entityParts(random: SeededRandom): Parts & { entityName: string } {
  const pHostile = random.chance(0.5) ? 0.15 : 0;
  const kind = draw(random, KINDS, pHostile);
  const namespace = draw(random, NAMESPACES, pHostile);
  const name = draw(random, NAMES, pHostile);
  return {
    label: [
      `kind=${kind.value}`,
      `ns=${namespace.value}`,
      `name=${name.value}`,
    ],
    path: `/v1/entities/${kind.value}/${namespace.value}/${name.value}`,
    expect: [kind, namespace, name].map(v => expectationOf(v.validity)),
    entityName: name.value,
  };
}

function jobParts(random: SeededRandom): Parts {
  const entity = entityParts(random);
  const id = draw(random, jobIds(entity.entityName), 0.2);
  return {
    label: [...entity.label, `job=${id.value.slice(0, 60)}`],
    path: `${entity.path}/jobs/${id.value}`,
    expect: [...entity.expect, expectationOf(id.validity)],
    job: id.validity === 'ok' ? decodeJobId(id.value)?.fullName : undefined,
  };
}

function withPart(parts: Parts, name: string, variant: Variant, path: string) {
  return {
    ...parts,
    label: [...parts.label, `${name}=${variant.value.slice(0, 60)}`],
    path: `${parts.path}${path}`,
    expect: [...parts.expect, expectationOf(variant.validity)],
  };
}

function buildParts(random: SeededRandom): Parts {
  const number = draw(random, BUILD_NUMBERS, 0.2);
  return withPart(jobParts(random), 'build', number, `/builds/${number.value}`);
}

function queueParts(random: SeededRandom): Parts {
  const id = draw(random, QUEUE_IDS, 0.2);
  return withPart(jobParts(random), 'queue', id, `/queue/${id.value}`);
}

function read(
  random: SeededRandom,
  route: string,
  parts: Parts,
  queries: Variant[],
): FuzzCase {
  const auth = authOf(random);
  // `/health` and the JWKS are public: any credentials will do.
  const authExpect = parts.path.startsWith('/v1') ? auth.expect : 'any';
  const query = draw(random, queries, 0.2);
  return {
    label: `GET ${route} ${parts.label.join(' ')} query=${query.value.slice(
      0,
      60,
    )} as ${auth.label}`,
    method: 'GET',
    path: `${API}${parts.path}${query.value}`,
    headers: auth.headers,
    expect: strictest(
      ...parts.expect,
      expectationOf(query.validity),
      authExpect,
    ),
    secrets: [],
  };
}

function write(
  random: SeededRandom,
  serial: number,
  route: string,
  parts: Parts,
  body: BodyVariant,
): FuzzCase {
  const auth = authOf(random);
  const key = idempotencyKeyOf(random, serial);
  const query = draw(random, NO_QUERIES, 0.1);
  const bodyExpect: Expectation =
    // eslint-disable-next-line no-nested-ternary
    body.validity === 'ok'
      ? 'any'
      : body.validity === 'noWrite'
      ? 'noWrite'
      : 'refused';
  return {
    label: `POST ${route} ${parts.label.join(' ')} body=${(
      body.body ?? '(none)'
    ).slice(0, 80)} type=${body.contentType} key=${
      key.headers['Idempotency-Key'] ?? '(none)'
    } as ${auth.label}`,
    method: 'POST',
    path: `${API}${parts.path}${query.value}`,
    headers: {
      ...auth.headers,
      ...key.headers,
      ...(body.contentType ? { 'Content-Type': body.contentType } : {}),
    },
    body: body.body,
    expect: strictest(
      ...parts.expect,
      expectationOf(query.validity),
      auth.expect,
      key.expect,
      bodyExpect,
    ),
    secrets: body.passwords,
  };
}

type RouteGenerator = (random: SeededRandom, serial: number) => FuzzCase;

/** One generator per route, named by method and path pattern. */
export const ROUTES: Record<string, RouteGenerator> = {
  'GET jobs': random => {
    const entity = entityParts(random);
    return read(
      random,
      'jobs',
      { ...entity, path: `${entity.path}/jobs` },
      NO_QUERIES,
    );
  },
  'GET builds': random => {
    const job = jobParts(random);
    return read(
      random,
      'builds',
      { ...job, path: `${job.path}/builds` },
      PAGE_QUERIES,
    );
  },
  'GET build': random => read(random, 'build', buildParts(random), NO_QUERIES),
  'GET log': random => {
    const build = buildParts(random);
    return read(
      random,
      'log',
      { ...build, path: `${build.path}/log` },
      LOG_QUERIES,
    );
  },
  'GET queue item': random =>
    read(random, 'queue', queueParts(random), NO_QUERIES),
  'GET activity': random => {
    const entity = entityParts(random);
    return read(
      random,
      'activity',
      { ...entity, path: `${entity.path}/activity` },
      PAGE_QUERIES,
    );
  },
  'GET audit': random =>
    read(
      random,
      'audit',
      { label: [], path: '/v1/audit', expect: [] },
      AUDIT_QUERIES,
    ),
  'GET health and JWKS': random =>
    read(
      random,
      'meta',
      {
        label: [],
        path: random.pick(['/health', '/.well-known/jwks.json']),
        expect: [],
      },
      [{ value: '', validity: 'ok' }],
    ),
  'POST trigger': (random, serial) => {
    const job = jobParts(random);
    return write(
      random,
      serial,
      'trigger',
      { ...job, path: `${job.path}/builds` },
      triggerBody(random, job.job ?? ''),
    );
  },
  'POST rebuild': (random, serial) => {
    const build = buildParts(random);
    return write(
      random,
      serial,
      'rebuild',
      { ...build, path: `${build.path}/rebuild` },
      triggerBody(random, build.job ?? ''),
    );
  },
  'POST abort': (random, serial) => {
    const build = buildParts(random);
    return write(
      random,
      serial,
      'abort',
      { ...build, path: `${build.path}/abort` },
      emptyBody(random),
    );
  },
  'POST cancel': (random, serial) => {
    const queue = queueParts(random);
    return write(
      random,
      serial,
      'cancel',
      { ...queue, path: `${queue.path}/cancel` },
      emptyBody(random),
    );
  },
  'POST input': (random, serial) => {
    const build = buildParts(random);
    const input = draw(random, INPUT_IDS, 0.2);
    return write(
      random,
      serial,
      'input',
      withPart(build, 'input', input, `/inputs/${input.value}`),
      inputAnswerBody(random),
    );
  },
  'other method or path': random => {
    const job = jobParts(random);
    const auth = authOf(random);
    const [method, suffix] = random.pick([
      ['PUT', '/builds'],
      ['DELETE', '/builds/1'],
      ['PATCH', '/queue/1'],
      ['GET', '/builds/1/abort'],
      ['GET', '/builds/1/inputs/Promote'],
      ['POST', '/builds/1/log'],
      ['POST', ''],
      ['GET', '/nope'],
      ['GET', '/builds/1/log/extra'],
    ]);
    return {
      label: `${method} ${job.label.join(' ')}${suffix} as ${auth.label}`,
      method,
      path: `${API}${job.path}${suffix}`,
      headers: { ...auth.headers, 'Content-Type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
      expect: 'refused',
      secrets: [],
    };
  },
};
