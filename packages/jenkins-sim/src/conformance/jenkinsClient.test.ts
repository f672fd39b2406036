import Jenkins from 'jenkins';
import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { startTestJwks, TestJwks } from './testJwks';

/**
 * The object-form calls of `jenkins@1.1.0`; `@types/jenkins` only declares
 * positional forms, which the runtime does not honour.
 */
interface ObjectFormJenkins {
  job: {
    get(o: { name: string; tree?: string; depth?: number }): Promise<any>;
    build(o: {
      name: string;
      parameters?: Record<string, string>;
    }): Promise<number>;
  };
  build: {
    get(o: { name: string; number: number }): Promise<any>;
    log(o: {
      name: string;
      number: number;
      start?: number;
      meta: true;
    }): Promise<{ text: string; more: boolean; size: string }>;
    stop(o: { name: string; number: number }): Promise<void>;
  };
  queue: {
    item(o: { number: number }): Promise<any>;
    cancel(o: { number: number }): Promise<void>;
  };
}

const createClient = (options: {
  baseUrl: string;
  crumbIssuer?: boolean;
  headers?: Record<string, string>;
}) => new Jenkins(options) as unknown as ObjectFormJenkins;

/**
 * The `jenkins` npm client (1.1.0), object-form calls only, against the
 * simulator: every call the backend relies on.
 */
// The jenkins npm client (jenkins@1.1.0) against the simulator; each test names the Jenkins code it reaches.
describe('the jenkins npm client against the simulator', () => {
  let sim: JenkinsSim;
  let jwks: TestJwks;
  const withToken = (user: string) =>
    createClient({
      baseUrl: sim.url.replace('http://', `http://${user}:${user}-token@`),
      crumbIssuer: false,
    });

  beforeAll(async () => {
    jwks = await startTestJwks();
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(async () => {
    await sim.close();
    await jwks.close();
  });
  beforeEach(() => {
    sim.control.reset();
    sim.control.configureRealm({ jwt: { jwksUrl: jwks.url } });
  });

  // jenkins npm client job.get → GET …/api/json?tree=; branch-api NameEncoder names.
  it('job.get with a tree, on a branch job whose name contains an encoded slash', async () => {
    const job = await withToken('alice').job.get({
      name: 'payments/payments-service/feature%2Ffast-refunds',
      tree: 'name,builds[number,result]{0,5}',
    });
    expect(job.name).toBe('feature%2Ffast-refunds');
    expect(job.builds).toHaveLength(5);
    expect(sim.control.requests()[0].path).toBe(
      '/job/payments/job/payments-service/job/feature%252Ffast-refunds/api/json',
    );
  });

  // jenkins npm client build.get → GET …/N/api/json (core Run).
  it('build.get', async () => {
    const build = await withToken('alice').build.get({
      name: 'payments/deploy-staging',
      number: 40,
    });
    expect(build).toMatchObject({
      _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
      number: 40,
    });
  });

  // jenkins npm client job.build → buildWithParameters (core ParametersDefinitionProperty) and
  // queue.item → /queue/item/N/api/json (core Queue.Item#getApi).
  it('job.build with parameters (object form) returns the queue id, then queue.item follows it to a build', async () => {
    const client = withToken('alice');
    const id = await client.job.build({
      name: 'payments/deploy-staging',
      parameters: { VERSION: '2.5.0 rc', BACKSTAGE_USER: 'user:default/alice' },
    });
    expect(typeof id).toBe('number');
    const waiting = await client.queue.item({ number: id });
    expect(waiting.why).toMatch(/^In the quiet period/);
    expect(waiting.params).toContain('\nVERSION=2.5.0 rc');
    sim.control.advance(5000);
    const left = await client.queue.item({ number: id });
    expect(left.executable.number).toBe(41);
  });

  // jenkins npm client build.log → logText/progressiveText (stapler LargeText#doProgressText).
  it('build.log with meta reads the log progressively', async () => {
    const client = withToken('alice');
    const id = await client.job.build({
      name: 'payments/deploy-staging',
      parameters: { VERSION: '1' },
    });
    sim.control.advance(6000);
    const number = (await client.queue.item({ number: id })).executable.number;
    const first = await client.build.log({
      name: 'payments/deploy-staging',
      number,
      start: 0,
      meta: true,
    });
    expect(first.more).toBe(true);
    sim.control.advance(60_000);
    const rest = await client.build.log({
      name: 'payments/deploy-staging',
      number,
      start: Number(first.size),
      meta: true,
    });
    expect(rest.more).toBe(false);
    expect(`${first.text}${rest.text}`).toContain('Finished: SUCCESS');
  });

  // jenkins npm client build.stop → core Executor#doStopBuild → forwardToPreviousPage (302).
  it('build.stop succeeds on the 302', async () => {
    const client = withToken('alice');
    const id = await client.job.build({
      name: 'payments/deploy-staging',
      parameters: {},
    });
    sim.control.advance(6000);
    const number = (await client.queue.item({ number: id })).executable.number;
    await client.build.stop({ name: 'payments/deploy-staging', number });
    expect(
      (await client.build.get({ name: 'payments/deploy-staging', number }))
        .result,
    ).toBe('ABORTED');
  });

  // jenkins npm client crumbIssuer → core DefaultCrumbIssuer; jwt-auth bearer header.
  it('fetches a crumb with the bearer header and POSTs with it (crumbIssuer flow)', async () => {
    const jwt = await jwks.sign({
      preferred_username: 'bob',
      groups: ['release-managers'],
    });
    const client = createClient({
      baseUrl: sim.url,
      headers: { Authorization: `Bearer ${jwt}` },
    });
    const id = await client.job.build({
      name: 'payments/deploy-production',
      parameters: { VERSION: '2.5.0' },
    });
    expect(id).toBeGreaterThan(0);
    const posts = sim.control.requests({ method: 'POST' });
    expect(posts).toEqual([
      expect.objectContaining({
        realm: 'jwt',
        user: 'bob',
        crumb: 'valid',
        status: 201,
      }),
    ]);
    const item = await client.queue.item({ number: id });
    expect(item.actions[1].causes[0].userId).toBe('bob');
  });

  // core AccessDeniedException3 (403) through the client's error.
  it('surfaces the 403 for a user the roles deny', async () => {
    const jwt = await jwks.sign({
      preferred_username: 'alice',
      groups: ['team-payments'],
    });
    const client = createClient({
      baseUrl: sim.url,
      headers: { Authorization: `Bearer ${jwt}` },
    });
    await expect(
      client.job.build({ name: 'payments/deploy-production', parameters: {} }),
    ).rejects.toMatchObject({ statusCode: 403 });
  });

  // core Queue#doCancelItem answers 204 since 2.211 (JENKINS-21311); the client expects 302.
  it('queue.cancel reports failure although Jenkins ≥ 2.211 cancelled the item with 204 (known client mismatch)', async () => {
    const client = withToken('alice');
    const id = await client.job.build({
      name: 'payments/deploy-staging',
      parameters: {},
    });
    await expect(client.queue.cancel({ number: id })).rejects.toThrow(
      /failed to cancel/,
    );
    const item = await client.queue.item({ number: id });
    expect(item.cancelled).toBe(true);
  });
});
