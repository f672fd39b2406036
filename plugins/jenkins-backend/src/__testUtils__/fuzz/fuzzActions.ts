import { authOf, Expectation, FuzzCase, strictest } from './fuzzCase';
import { ENTITY_JOBS } from './fuzzValues';
import { triggerBody } from './fuzzBodies';
import { SeededRandom } from './SeededRandom';

/**
 * Invocations of every action of the actions registry, each input field
 * drawn valid or hostile, sent as the registry serves them over HTTP.
 * Test support only.
 */

interface Field {
  value: unknown;
  expect: Expectation;
}

const any = (...values: unknown[]): Field[] =>
  values.map(value => ({ value, expect: 'any' }));
const refused = (...values: unknown[]): Field[] =>
  values.map(value => ({ value, expect: 'refused' }));

function field(random: SeededRandom, valid: Field[], hostile: Field[]): Field {
  return random.chance(0.3) ? random.pick(hostile) : random.pick(valid);
}

const ENTITY_REFS: Record<string, string> = {
  'component:default/payments-service': 'payments-service',
  'Component:Default/Payments-Service': 'payments-service',
  'component:default/nightly-backup': 'nightly-backup',
};

const HOSTILE_REFS = refused(
  'component:default/no-such-service',
  'system:default/payments-service',
  'payments-service',
  'default/payments-service',
  'component:default/..',
  'component:../payments-service',
  'component:default/payments-service/x',
  'component:default/pаyments-service',
  'component:default/payments-service\u0000',
  `component:default/${'n'.repeat(300)}`,
  '',
  42,
  null,
  ['component:default/payments-service'],
  { kind: 'component' },
);

const NUMBERS = refused(
  -1,
  0,
  0.5,
  '1',
  '0x1',
  1e400,
  9007199254740993,
  null,
  true,
  [],
);

/** The job and entity fields every job action takes. */
function target(random: SeededRandom): {
  input: Record<string, unknown>;
  expect: Expectation[];
  job?: string;
} {
  const refField = field(
    random,
    any(...Object.keys(ENTITY_REFS)),
    HOSTILE_REFS,
  );
  const own =
    typeof refField.value === 'string'
      ? ENTITY_JOBS[ENTITY_REFS[refField.value] ?? ''] ?? []
      : [];
  const others = Object.values(ENTITY_JOBS)
    .flat()
    .filter(name => !own.includes(name));
  const job = field(
    random,
    any(...own, ...(own.length ? [] : ['payments/deploy-staging'])),
    refused(
      ...others,
      'payments/../platform/nightly-backup',
      'payments//deploy-staging',
      ' payments/deploy-staging',
      'payments/deploy-staging/',
      '',
      'j'.repeat(1025),
      42,
      null,
    ),
  );
  const input: Record<string, unknown> = { entityRef: refField.value };
  const expect = [refField.expect, job.expect];
  const how = random.int(0, 9);
  if (how === 0) {
    expect.push('refused'); // neither jobId nor jobFullName
  } else if (how === 1) {
    input.jobFullName = job.value;
    const instance = random.pick([
      ...any('default'),
      ...refused('other', '../default', 'a b', ''),
    ]);
    input.instance = instance.value;
    expect.push(instance.expect);
  } else if (how === 2) {
    input.jobId = random.pick(['..', 'Zm9v', '%2F', 'x'.repeat(2049)]);
    expect.push('refused');
  } else {
    input.jobFullName = job.value;
  }
  return {
    input,
    expect,
    job: strictest(...expect) === 'any' ? (job.value as string) : undefined,
  };
}

function onlyEntity(t: ReturnType<typeof target>): ReturnType<typeof target> {
  return { input: { entityRef: t.input.entityRef }, expect: [t.expect[0]] };
}

type ActionInput = (
  random: SeededRandom,
  job?: string,
) => {
  fields: Record<string, unknown>;
  expect: Expectation[];
  secrets?: string[];
};

const number = (
  random: SeededRandom,
  name: string,
  valid: Field[],
  hostile = NUMBERS,
) => {
  const f = field(random, valid, hostile);
  return { fields: { [name]: f.value }, expect: [f.expect] };
};

/** What each action takes beyond its target. */
const ACTIONS: Record<string, ActionInput> = {
  'list-jobs': () => ({ fields: {}, expect: [] }),
  'list-builds': random => number(random, 'limit', any(1, 5, 100, undefined)),
  'get-build': random => number(random, 'buildNumber', any(1, 7, 40, 99999)),
  'get-build-log': random => {
    const build = number(random, 'buildNumber', any(1, 40));
    const start = number(
      random,
      'start',
      any(0, 100, undefined),
      NUMBERS.filter(n => n.value !== 0),
    );
    return {
      fields: { ...build.fields, ...start.fields },
      expect: [...build.expect, ...start.expect],
    };
  },
  'run-job': (random, job) => parametersOf(random, job),
  'rebuild-build': (random, job) => {
    const build = number(random, 'buildNumber', any(1, 40));
    const parameters = parametersOf(random, job);
    return {
      fields: { ...build.fields, ...parameters.fields },
      expect: [...build.expect, ...parameters.expect],
      secrets: parameters.secrets,
    };
  },
  'abort-build': random => number(random, 'buildNumber', any(1, 40)),
  'cancel-queue-item': random => number(random, 'queueId', any(1, 1000, 12345)),
  'answer-input': random => {
    const build = number(random, 'buildNumber', any(1, 25));
    const inputId = field(
      random,
      any('Promote'),
      refused('..', '.', '../../script', '', 'i'.repeat(201), 7),
    );
    const action = field(
      random,
      any('approve', 'reject'),
      refused('APPROVE', 1, null),
    );
    return {
      fields: { ...build.fields, inputId: inputId.value, action: action.value },
      expect: [...build.expect, inputId.expect, action.expect],
    };
  },
};

function parametersOf(random: SeededRandom, job?: string) {
  const body = triggerBody(random, job ?? '');
  let parameters: unknown;
  try {
    parameters = body.body ? JSON.parse(body.body).parameters : undefined;
  } catch {
    parameters = 'not an object';
  }
  const key = field(
    random,
    any(undefined, `fuzz-action-${random.int(0, 1e9)}`),
    refused('', 'two words', 'k'.repeat(256)),
  );
  let expect: Expectation = 'any';
  if (body.validity === 'noWrite') expect = 'noWrite';
  // A body that is not an object of parameters cannot be an input either.
  if (body.validity === 'bad') expect = 'refused';
  // …unless what it carried beside `parameters` was all that was wrong.
  const empty =
    parameters === undefined ||
    (typeof parameters === 'object' &&
      parameters !== null &&
      !Array.isArray(parameters) &&
      Object.keys(parameters).length === 0);
  if (body.validity === 'bad' && empty) expect = 'any';
  return {
    fields: { parameters, idempotencyKey: key.value },
    expect: [expect, key.expect],
    secrets: body.passwords,
  };
}

/** Invocations of each action, and of names that are no action. */
export function actionCase(random: SeededRandom): FuzzCase {
  const name = random.pick([...Object.keys(ACTIONS), 'no-such-action']);
  const auth = authOf(random);
  const path = `/api/jenkins/.backstage/actions/v2/actions/jenkins:${name}/invoke`;
  const headers = { ...auth.headers, 'Content-Type': 'application/json' };
  if (name === 'no-such-action' || random.chance(0.03)) {
    const body = random.pick([
      '{"input":"x"}',
      '{}',
      '[]',
      '{"input":null}',
      '{bad',
    ]);
    return {
      label: `action ${name} ${body} as ${auth.label}`,
      method: 'POST',
      path,
      headers,
      body,
      expect: 'refused',
      secrets: [],
    };
  }
  // `list-jobs` takes the entity alone.
  const t = name === 'list-jobs' ? onlyEntity(target(random)) : target(random);
  const extra = ACTIONS[name](random, t.job);
  const input = { ...t.input, ...extra.fields };
  const expect = strictest(...t.expect, ...extra.expect, auth.expect);
  const body = JSON.stringify({ input });
  return {
    label: `action ${name} ${body.slice(0, 200)} as ${auth.label}`,
    method: 'POST',
    path,
    headers,
    body,
    expect,
    secrets: extra.secrets ?? [],
  };
}
