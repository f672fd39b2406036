import { actionCase } from '../__testUtils__/fuzz/fuzzActions';
import { CALLER_TOKENS, FuzzCase } from '../__testUtils__/fuzz/fuzzCase';
import { ROUTES } from '../__testUtils__/fuzz/fuzzRoutes';
import { FuzzRunner } from '../__testUtils__/fuzz/FuzzRunner';
import { SecretWatch } from '../__testUtils__/fuzz/SecretWatch';
import { SeededRandom } from '../__testUtils__/fuzz/SeededRandom';
import {
  JenkinsTestBackend,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(240_000);

/**
 * Our own adversarial suite: thousands of generated requests, from a fixed
 * seed, over every HTTP route and every action, valid ones mixed with
 * hostile ids, encodings, dot segments, numbers, bodies, media types,
 * headers and credentials. Whatever comes in, the backend answers without a
 * 5xx, with a message on every 4xx, without a secret in any answer, and
 * without calling Jenkins for input that is invalid by construction.
 * Replay a finding with the same seed: the requests are the same each run.
 */

const SEED = 20_251_201;
/** Per identity strategy; at least 10,000 requests in all. */
const CASES = { jwt: 5_000, 'service-account': 5_000 };
const CONCURRENCY = 8;

/** The API tokens of the simulator's users and of the backend's config. */
const CONFIGURED_TOKENS = [
  'alice-token',
  'bob-token',
  'carol-token',
  'admin-token',
];

function generate(random: SeededRandom, count: number): FuzzCase[] {
  const generators = [
    ...Object.values(ROUTES),
    // Nine actions behind one generator: weigh it like four routes.
    actionCase,
    actionCase,
    actionCase,
    actionCase,
  ];
  return Array.from({ length: count }, (_, serial) =>
    generators[serial % generators.length](random, serial),
  );
}

describe.each(Object.entries(CASES))(
  'fuzzing the API of a backend with %s identities',
  (strategy, count) => {
    let stack: JenkinsTestBackend;
    let runner: FuzzRunner;
    let cases: FuzzCase[];

    beforeAll(async () => {
      stack = await startJenkinsTestBackend({
        policy: 'demo',
        strategy: strategy as 'jwt' | 'service-account',
        // Jenkins is real and quick here; the cache would hide most reads.
        timeouts: { cacheTtlSeconds: 0, requestTimeoutMs: 10_000 },
      });
      const random = new SeededRandom(
        SEED + Object.keys(CASES).indexOf(strategy),
      );
      cases = generate(random, count);
      const secrets = new SecretWatch([
        ...CONFIGURED_TOKENS,
        ...CALLER_TOKENS,
        ...cases.flatMap(c => c.secrets),
      ]);
      runner = new FuzzRunner(stack.backendUrl, stack.sim, secrets);
      const started = Date.now();
      await runner.runValid(
        cases.filter(c => c.expect === 'any'),
        CONCURRENCY,
      );
      await runner.runInvalid(
        cases.filter(c => c.expect !== 'any'),
        CONCURRENCY,
      );
      // eslint-disable-next-line no-console
      console.info(
        `fuzz (${strategy}): ${cases.length} cases, ${
          runner.sent
        } requests sent in ${
          Date.now() - started
        } ms; statuses ${JSON.stringify(runner.statuses)}; ${
          secrets.size
        } secrets watched`,
      );
      if (process.env.FUZZ_VERBOSE) {
        // eslint-disable-next-line no-console
        console.info(JSON.stringify(runner.byRoute, null, 1));
      }
    });

    afterAll(async () => {
      runner?.close();
      await stack?.close();
    });

    it('covers every route and action, valid and invalid', () => {
      expect(cases.length).toBeGreaterThanOrEqual(count);
      const refused = cases.filter(c => c.expect === 'refused').length;
      const valid = cases.filter(c => c.expect === 'any').length;
      expect(refused).toBeGreaterThan(count / 5);
      expect(valid).toBeGreaterThan(count / 5);
      expect(Object.keys(runner.statuses)).toEqual(
        expect.arrayContaining(['200', '202', '400', '401', '403', '404']),
      );
    });

    it.each([
      ['answers no 5xx', /^server error|^no answer/],
      ['puts a message on every 4xx', /^4xx without/],
      ['refuses invalid input with 4xx', /not refused with 4xx/],
      ['never calls Jenkins for invalid input', /^Jenkins was called/],
      ['never answers with a secret', /^secret in the answer/],
    ])('%s', (_, problem) => {
      const found = runner.findings.filter(f => problem.test(f.problem));
      expect(found.slice(0, 20)).toEqual([]);
    });
  },
);
