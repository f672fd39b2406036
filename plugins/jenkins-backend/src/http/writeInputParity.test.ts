import {
  as,
  ENTITY_PATH,
  JenkinsTestBackend,
  jobPath,
  PRODUCTION,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

const entityRef = 'component:default/payments-service';

/**
 * One invalid input, as an HTTP write and as the matching action. Both
 * adapters parse with the same `-common` schemas, so both must refuse it
 * with 400 and the same rule, before anything reaches Jenkins.
 */
const cases: Array<{
  name: string;
  http: { path: string; body?: object; headers?: Record<string, string> };
  action: { name: string; input: object };
  rule: RegExp;
}> = [
  {
    name: 'an input step id with a space',
    http: {
      path: `${jobPath(PRODUCTION)}/builds/3/inputs/Promote%20now`,
      body: { action: 'approve' },
    },
    action: {
      name: 'answer-input',
      input: {
        entityRef,
        jobFullName: PRODUCTION,
        buildNumber: 3,
        inputId: 'Promote now',
        action: 'approve',
      },
    },
    rule: /must be an input step id/,
  },
  {
    name: 'a build number beyond a Jenkins int',
    http: { path: `${jobPath(STAGING)}/builds/1e308/abort` },
    action: {
      name: 'abort-build',
      input: { entityRef, jobFullName: STAGING, buildNumber: 1e308 },
    },
    rule: /must be a build number/,
  },
  {
    name: 'build number 0',
    http: { path: `${jobPath(STAGING)}/builds/0/rebuild`, body: {} },
    action: {
      name: 'rebuild-build',
      input: { entityRef, jobFullName: STAGING, buildNumber: 0 },
    },
    rule: /must be a positive build number/,
  },
  {
    name: 'a fractional build number',
    http: { path: `${jobPath(STAGING)}/builds/2.5/abort` },
    action: {
      name: 'abort-build',
      input: { entityRef, jobFullName: STAGING, buildNumber: 2.5 },
    },
    rule: /must be a build number/,
  },
  {
    name: 'a negative queue id',
    http: { path: `${jobPath(STAGING)}/queue/-1/cancel` },
    action: {
      name: 'cancel-queue-item',
      input: { entityRef, jobFullName: STAGING, queueId: -1 },
    },
    rule: /must be a queue id/,
  },
  {
    name: 'a parameter value over 64 KiB',
    http: {
      path: `${jobPath(STAGING)}/builds`,
      body: { parameters: { VERSION: 'x'.repeat(65537) } },
    },
    action: {
      name: 'run-job',
      input: {
        entityRef,
        jobFullName: STAGING,
        parameters: { VERSION: 'x'.repeat(65537) },
      },
    },
    rule: /65536/,
  },
  {
    name: 'a parameter name over 200 characters',
    http: {
      path: `${jobPath(STAGING)}/builds`,
      body: { parameters: { ['P'.repeat(201)]: '1' } },
    },
    action: {
      name: 'run-job',
      input: {
        entityRef,
        jobFullName: STAGING,
        parameters: { ['P'.repeat(201)]: '1' },
      },
    },
    rule: /at most 200 characters/,
  },
  {
    name: 'an entity name with a space',
    http: {
      path: `${ENTITY_PATH.replace(
        'payments-service',
        'payments%20service',
      )}/jobs/x/builds`,
      body: {},
    },
    action: {
      name: 'run-job',
      input: {
        entityRef: 'component:default/payments service',
        jobId: 'x',
      },
    },
    rule: /must be an entity name/,
  },
  {
    name: 'an Idempotency-Key with a space',
    http: {
      path: `${jobPath(STAGING)}/builds`,
      body: {},
      headers: { 'Idempotency-Key': 'has a space' },
    },
    action: {
      name: 'run-job',
      input: { entityRef, jobFullName: STAGING, idempotencyKey: 'has a space' },
    },
    rule: /1 to 255 visible ASCII characters/,
  },
];

describe('HTTP writes and actions refuse the same invalid input alike', () => {
  let stack: JenkinsTestBackend;

  beforeAll(async () => {
    stack = await startJenkinsTestBackend({
      strategy: 'jwt',
      policy: 'allow-all',
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(cases)('$name', async ({ http, action, rule }) => {
    stack.sim.control.clearRequests();
    const viaHttp = await stack.api
      .post(http.path)
      .set(as('bob'))
      .set(http.headers ?? {})
      .send(http.body ?? {});
    const viaAction = await stack.api
      .post(
        `/api/jenkins/.backstage/actions/v2/actions/jenkins:${action.name}/invoke`,
      )
      .set(as('bob'))
      .send({ input: action.input });

    expect([viaHttp.status, viaAction.status]).toEqual([400, 400]);
    expect(viaHttp.body.error.message).toMatch(rule);
    expect(viaAction.body.error.message).toMatch(rule);
    // The same rule, word for word, after the field it names.
    const ruleOf = (message: string) => message.replace(/^.*?': /, '');
    expect(ruleOf(viaAction.body.error.message)).toBe(
      ruleOf(viaHttp.body.error.message),
    );
    expect(stack.posts()).toEqual([]);
  });
});
