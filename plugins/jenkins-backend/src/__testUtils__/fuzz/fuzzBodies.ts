import { SeededRandom } from './SeededRandom';

/**
 * Write bodies for the fuzz suite, as sent on the wire, with what each is
 * by construction: `ok`, `noWrite` (well-formed, but breaks the job's
 * parameter definitions: Jenkins may be read, never written), or `bad`
 * (refused with 4xx before anything else). Test support only.
 */
export interface BodyVariant {
  contentType?: string;
  body?: string;
  validity: 'ok' | 'noWrite' | 'bad';
  /** Password parameter values the body carries: they must never come back. */
  passwords: string[];
}

const json = (value: unknown, validity: BodyVariant['validity']) => ({
  contentType: 'application/json',
  body: JSON.stringify(value),
  validity,
  passwords: [],
});

/** Parameters of the demo jobs (`demo` scenario) that a fuzz body may set. */
const PARAMETERS: Record<string, string[]> = {
  'payments/deploy-staging': [
    'VERSION',
    'DRY_RUN',
    'REGION',
    'NOTES',
    'SMOKE_TEST_TOKEN',
  ],
  'payments/deploy-production': ['VERSION'],
};

/** Bodies no write takes: other media types, broken JSON, wrong shapes. */
function malformed(random: SeededRandom): BodyVariant {
  const raw = (contentType: string | undefined, body: string) => ({
    contentType,
    body,
    validity: 'bad' as const,
    passwords: [],
  });
  return random.pick<() => BodyVariant>([
    () => raw('text/plain', '{"parameters":{"VERSION":"9"}}'),
    () => raw('application/x-www-form-urlencoded', 'parameters[VERSION]=1'),
    () =>
      raw('application/xml', '<parameters><VERSION>1</VERSION></parameters>'),
    () => raw('multipart/form-data; boundary=x', '--x--'),
    () => raw(undefined, '{}'),
    () => raw('application/json-patch+json', '[]'),
    () => raw('application/json; charset=utf-16', '{}'),
    () => raw('application/json', '{bad json'),
    () => raw('application/json', '{"parameters":'),
    () => raw('application/json', 'null'),
    () => raw('application/json', '"parameters"'),
    () => raw('application/json', '42'),
    () => raw('application/json', '[]'),
    () => raw('application/json', '[{"parameters":{}}]'),
    () => raw('application/json', '{"__proto__":{"admin":true}}'),
    () => raw('application/json', `{"x":"${'a'.repeat(200_000)}"}`),
    () => raw('application/json', `[${'['.repeat(5000)}${']'.repeat(5000)}]`),
    () => json({ parameters: 'VERSION=1' }, 'bad'),
    () => json({ parameters: ['VERSION'] }, 'bad'),
    () => json({ parameters: { VERSION: { nested: true } } }, 'bad'),
    () => json({ parameters: { VERSION: null } }, 'bad'),
    () => json({ parameters: { VERSION: ['1', '2'] } }, 'bad'),
    () => json({ parameters: { '': 'x' } }, 'bad'),
    () => json({ parameters: { constructor: 'x' } }, 'bad'),
    () => json({ parameters: { ['P'.repeat(201)]: 'x' } }, 'bad'),
    () => json({ parameters: { VERSION: 'v'.repeat(65537) } }, 'bad'),
    () => json({ parameters: {}, extra: 1 }, 'bad'),
    () => json({ action: 'approve', parameters: {}, extra: 1 }, 'bad'),
  ])();
}

/** A body for `…/builds` (run) and `…/rebuild` of `job`. */
export function triggerBody(random: SeededRandom, job: string): BodyVariant {
  const known = PARAMETERS[job] ?? [];
  const password = `pw-${random.text(16, 'abcdef0123456789')}`;
  const variants: Array<() => BodyVariant> = [
    () => ({ validity: 'ok', passwords: [] }),
    () => json({}, 'ok'),
    () => json({ parameters: {} }, 'ok'),
    () => malformed(random),
    () => malformed(random),
    () => json({ parameters: { NO_SUCH_PARAMETER: 'x' } }, 'noWrite'),
    () =>
      json({ parameters: { BACKSTAGE_USER: 'user:default/bob' } }, 'noWrite'),
    () => json({ parameters: { BACKSTAGE_REQUEST_ID: 'forged' } }, 'noWrite'),
    () => json({ parameters: { BACKSTAGE_ANYTHING: 'x' } }, 'noWrite'),
  ];
  if (known.includes('VERSION')) {
    variants.push(
      () => json({ parameters: { VERSION: `1.${random.int(0, 99)}.0` } }, 'ok'),
      () => json({ parameters: { VERSION: 'Grüße ✓ 😀' } }, 'ok'),
      () => json({ parameters: { VERSION: 'a\nb' } }, 'noWrite'),
      () => json({ parameters: { VERSION: true } }, 'noWrite'),
    );
  }
  if (known.includes('REGION')) {
    variants.push(
      () => json({ parameters: { REGION: 'us-east-1', DRY_RUN: true } }, 'ok'),
      () => json({ parameters: { REGION: 'mars-north-1' } }, 'noWrite'),
      () => json({ parameters: { DRY_RUN: 'maybe' } }, 'noWrite'),
      () => json({ parameters: { NOTES: 'line 1\nline 2' } }, 'ok'),
    );
  }
  // The password value is a secret: it must never come back, in an answer
  // or in an error about it.
  const withPassword = (value: unknown, validity: BodyVariant['validity']) => ({
    ...json(value, validity),
    passwords: [password],
  });
  variants.push(
    known.includes('SMOKE_TEST_TOKEN')
      ? () => withPassword({ parameters: { SMOKE_TEST_TOKEN: password } }, 'ok')
      : () =>
          withPassword(
            { parameters: { SMOKE_TEST_TOKEN: password } },
            'noWrite',
          ),
    () => withPassword({ parameters: { NOPE_PASSWORD: password } }, 'noWrite'),
  );
  return random.pick(variants)();
}

/** A body for abort and cancel: none or `{}`. */
export function emptyBody(random: SeededRandom): BodyVariant {
  return random.pick<() => BodyVariant>([
    () => ({ validity: 'ok', passwords: [] }),
    () => json({}, 'ok'),
    () => malformed(random),
    () => json({ reason: 'fuzz' }, 'bad'),
  ])();
}

/** A body for answering an input step. */
export function inputAnswerBody(random: SeededRandom): BodyVariant {
  return random.pick<() => BodyVariant>([
    () => json({ action: 'approve' }, 'ok'),
    () => json({ action: 'reject' }, 'ok'),
    () => json({ action: 'approve', parameters: {} }, 'ok'),
    () => malformed(random),
    () => ({ validity: 'bad', passwords: [] }),
    () => json({}, 'bad'),
    () => json({ action: 'APPROVE' }, 'bad'),
    () => json({ action: ['approve'] }, 'bad'),
    () => json({ action: 'proceed' }, 'bad'),
  ])();
}
