import {
  activityPageSchema,
  buildGraphSchema,
  replayInfoSchema,
  startedBuildResponseSchema,
} from '@internal/plugin-jenkins-common';
import {
  as,
  ENTITY_PATH,
  JenkinsTestBackend,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

const entityRef = 'component:default/payments-service';
const MAIN = 'payments/payments-service/main';

/**
 * The build views' actions and restart/replay/pause as the actions registry
 * (MCP) serves them, over HTTP, under the demo policy: the same services,
 * schemas, permissions, identity and audit trail as the HTTP routes, as
 * whoever invoked them (`via: action`).
 */
describe('the build view and pipeline control actions', () => {
  let stack: JenkinsTestBackend;

  const invoke = (user: string, action: string, input: object) =>
    stack.api
      .post(
        `/api/jenkins/.backstage/actions/v2/actions/jenkins:${action}/invoke`,
      )
      .set(as(user))
      .send({ input });

  beforeAll(async () => {
    stack = await startJenkinsTestBackend({
      policy: 'demo',
      timeouts: { cacheTtlSeconds: 0, requestTimeoutMs: 10_000 },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('declares the new actions with explicit attributes', async () => {
    const res = await stack.api
      .get('/api/jenkins/.backstage/actions/v1/actions')
      .set(as('alice'));
    const attributes = Object.fromEntries(
      res.body.actions.map((a: any) => [a.name, a.attributes]),
    );
    const read = { readOnly: true, destructive: false, idempotent: true };
    expect(attributes).toMatchObject({
      'get-build-graph': read,
      'get-build-step-log': read,
      'get-build-changes': read,
      'list-build-artifacts': read,
      'get-restart-options': read,
      'get-replay-script': read,
      'restart-build': {
        readOnly: false,
        destructive: false,
        idempotent: false,
      },
      'replay-build': {
        readOnly: false,
        destructive: false,
        idempotent: false,
      },
      'pause-build': { readOnly: false, destructive: false, idempotent: true },
    });
  });

  it('reads the stage graph by job full name', async () => {
    const res = await invoke('alice', 'get-build-graph', {
      entityRef,
      jobFullName: MAIN,
      buildNumber: 149,
    });
    expect(res.status).toBe(200);
    const graph = buildGraphSchema.parse(res.body.output);
    expect(graph.source).toBe('pipeline-graph-view');
    expect(graph.stages.map(s => s.name)).toContain('Test');
  });

  it('refuses a bad step id with the HTTP route message', async () => {
    const res = await invoke('alice', 'get-build-step-log', {
      entityRef,
      jobFullName: MAIN,
      buildNumber: 149,
      nodeId: '../x',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/nodeId/);
  });

  it('restarts from a stage as the person, recorded as an action', async () => {
    const res = await invoke('alice', 'restart-build', {
      entityRef,
      jobFullName: MAIN,
      buildNumber: 149,
      stageName: 'Test',
      idempotencyKey: 'assistant-restart-1',
    });
    expect(res.status).toBe(200);
    const answer = startedBuildResponseSchema.parse(res.body.output);
    const activity = activityPageSchema.parse(
      (
        await stack.api
          .get(`${ENTITY_PATH}/activity?limit=50`)
          .set(as('alice'))
          .expect(200)
      ).body,
    );
    expect(
      activity.items.find(e => e.requestId === answer.requestId),
    ).toMatchObject({ action: 'restart', via: 'action', outcome: 'success' });
  });

  it('lets an assistant propose an edited script that the person applies, hashed and diffed in the audit trail', async () => {
    const original = replayInfoSchema.parse(
      (
        await invoke('alice', 'get-replay-script', {
          entityRef,
          jobFullName: MAIN,
          buildNumber: 149,
        })
      ).body.output,
    );
    const edited = `${original.main}\n// tweak\n`;
    const res = await invoke('alice', 'replay-build', {
      entityRef,
      jobFullName: MAIN,
      buildNumber: 149,
      script: { main: edited },
    });
    expect(res.status).toBe(200);
    const { requestId } = startedBuildResponseSchema.parse(res.body.output);
    const entry = activityPageSchema
      .parse(
        (
          await stack.api
            .get(`${ENTITY_PATH}/activity?limit=50`)
            .set(as('alice'))
            .expect(200)
        ).body,
      )
      .items.find(e => e.requestId === requestId);
    expect(entry?.script?.diff).toContain('+// tweak');
    expect(entry?.via).toBe('action');
  });

  it('refuses carol a restart under the demo policy (not an owner)', async () => {
    const res = await invoke('carol', 'restart-build', {
      entityRef,
      jobFullName: MAIN,
      buildNumber: 149,
      stageName: 'Test',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/jenkins\.build\.restart/);
  });
});
