import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  activityPageSchema,
  AuditEntry,
  triggerResponseSchema,
} from '@internal/plugin-jenkins-common';
import { startJenkinsSim } from '@internal/jenkins-sim';
import knexFactory, { Knex } from 'knex';
import { JenkinsGate, startJenkinsGate } from '../__testUtils__/JenkinsGate';
import {
  as,
  ENTITY_PATH,
  JenkinsTestBackend,
  JenkinsTestBackendOptions,
  jobPath,
  PRODUCTION,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

/** Not in the demo world: an auditor, who may export the audit trail. */
const dave: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'dave', namespace: 'default' },
  spec: {
    profile: { displayName: 'Dave', email: 'dave@example.com' },
    memberOf: ['auditors'],
  },
};

/**
 * A backend for the write API's end-to-end tests: Jenkins' own timeouts and
 * retries, no read cache (a write must never see a cached state), and the
 * identity strategy without service credentials.
 */
function startWriteBackend(
  options: JenkinsTestBackendOptions & {
    strategy: 'jwt' | 'proxy-headers';
    policy: 'demo' | 'allow-all';
  },
): Promise<JenkinsTestBackend> {
  return startJenkinsTestBackend({
    entities: [dave],
    timeouts: {
      requestTimeoutMs: 10_000,
      cacheTtlSeconds: 0,
      retries: { maxAttempts: 3, backoffMs: 200 },
    },
    instance: { identity: { strategy: options.strategy } },
    ...options,
  });
}

const SECRET = 's3cr3t-smoke-token-4711';

const stagingParameters = {
  VERSION: '2.5.0',
  DRY_RUN: true,
  REGION: 'us-east-1',
  NOTES: 'ship it, "carefully"',
  SMOKE_TEST_TOKEN: SECRET,
};

/** Advances the simulator past the quiet period and asks for the queue item. */
async function startedBuild(
  stack: JenkinsTestBackend,
  user: string,
  fullName: string,
  queueId: number,
): Promise<number> {
  stack.sim.control.advance(6_000);
  const res = await stack.api
    .get(`${jobPath(fullName)}/queue/${queueId}`)
    .set(as(user));
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ queueId, state: 'started' });
  return res.body.buildNumber;
}

function buildUrl(fullName: string, n: number) {
  const [folder, job] = fullName.split('/');
  return `/job/${folder}/job/${job}/${n}`;
}

/**
 * The status the simulator answered the one POST whose path ends with
 * `suffix`, from its own request log: what the audit must record as
 * Jenkins' status (never a constant of the code under test).
 */
function simStatusOf(stack: JenkinsTestBackend, suffix: string): number {
  const matching = stack.posts().filter(p => p.path.endsWith(suffix));
  expect(matching).toHaveLength(1);
  return matching[0].status;
}

/** The audit entry of a request, from the payments-service activity. */
async function auditEntryOf(
  stack: JenkinsTestBackend,
  requestId: string,
  user = 'alice',
): Promise<AuditEntry | undefined> {
  const activity = await stack.api
    .get(`${ENTITY_PATH}/activity?limit=100`)
    .set(as(user));
  expect(activity.status).toBe(200);
  return activityPageSchema
    .parse(activity.body)
    .items.find(i => i.requestId === requestId);
}

describe.each(['jwt', 'proxy-headers'] as const)(
  'the write API over the %s strategy',
  strategy => {
    let stack: JenkinsTestBackend;

    /** Sends a write at once (a supertest request waits to be awaited). */
    const post = async (
      user: string,
      path: string,
      body: object = {},
      headers: Record<string, string> = {},
    ) => await stack.api.post(path).set(as(user)).set(headers).send(body);

    /** Bob runs production; the build pauses at its Promote input. */
    const pausedProduction = async (version: string): Promise<number> => {
      const res = await post('bob', `${jobPath(PRODUCTION)}/builds`, {
        parameters: { VERSION: version },
      });
      expect(res.status).toBe(202);
      const number = await startedBuild(
        stack,
        'bob',
        PRODUCTION,
        res.body.queue.queueId,
      );
      stack.sim.control.advance(10_000);
      const paused = await stack.jenkinsGet(
        `${buildUrl(PRODUCTION, number)}/wfapi/pendingInputActions`,
      );
      expect(paused).toEqual([
        expect.objectContaining({
          id: 'Promote',
          message: 'Promote to production?',
        }),
      ]);
      return number;
    };

    beforeAll(async () => {
      stack = await startWriteBackend({ strategy, policy: 'demo' });
    });

    afterAll(async () => {
      await stack?.stop();
    });

    beforeEach(() => {
      stack.sim.control.reset({ keepRealm: true });
      stack.sim.control.clearFaults();
      stack.sim.control.clearRequests();
    });

    it('runs staging as alice, with her parameters, labelled and audited', async () => {
      const res = await post(alice(), `${jobPath(STAGING)}/builds`, {
        parameters: stagingParameters,
      });
      expect(res.status).toBe(202);
      const answer = triggerResponseSchema.parse(res.body);
      expect(answer.queue.state).toBe('waiting');
      expect(answer.queue.why).toMatch(/quiet period/i);
      expect(stack.posts()).toEqual([
        expect.objectContaining({
          path: '/job/payments/job/deploy-staging/buildWithParameters',
          user: 'alice',
          status: 201,
        }),
      ]);
      const triggerStatus = simStatusOf(stack, '/buildWithParameters');

      const number = await startedBuild(
        stack,
        'alice',
        STAGING,
        answer.queue.queueId,
      );
      const build = await stack.jenkinsGet(
        `${buildUrl(
          STAGING,
          number,
        )}/api/json?tree=description,actions[causes[_class,userId],parameters[name,value]]`,
      );
      const causes = build.actions.flatMap((a: any) => a?.causes ?? []);
      expect(causes).toContainEqual(
        expect.objectContaining({
          _class: 'hudson.model.Cause$UserIdCause',
          userId: 'alice',
        }),
      );
      const parameters = Object.fromEntries(
        build.actions
          .flatMap((a: any) => a?.parameters ?? [])
          .map((p: any) => [p.name, p.value]),
      );
      expect(parameters).toMatchObject({
        VERSION: '2.5.0',
        DRY_RUN: true,
        REGION: 'us-east-1',
        NOTES: 'ship it, "carefully"',
        BACKSTAGE_USER: 'user:default/alice',
        BACKSTAGE_ENTITY: 'component:default/payments-service',
        BACKSTAGE_OWNER: 'group:default/team-payments',
        BACKSTAGE_REQUEST_ID: answer.requestId,
      });
      expect(build.description).toContain('user:default/alice');
      expect(build.description).toContain('component:default/payments-service');
      expect(build.description).toContain('system:default/payments');
      expect(build.description).toContain(answer.requestId);

      const activity = await stack.api
        .get(`${ENTITY_PATH}/activity?limit=5`)
        .set(as('carol'));
      expect(activity.status).toBe(200);
      const entry = activityPageSchema
        .parse(activity.body)
        .items.find(i => i.requestId === answer.requestId);
      expect(entry).toMatchObject({
        action: 'trigger',
        actor: { userRef: 'user:default/alice', jenkinsUser: 'alice' },
        decision: 'allow',
        outcome: 'success',
        jenkinsStatus: triggerStatus,
        queueId: answer.queue.queueId,
        buildNumber: number,
        jobFullName: STAGING,
        via: 'http',
        parameters: expect.objectContaining({
          VERSION: '2.5.0',
          SMOKE_TEST_TOKEN: '********',
        }),
      });

      const event = stack.events.find(
        e => (e.options.meta as any)?.requestId === answer.requestId,
      );
      expect(event?.options).toMatchObject({
        eventId: 'job-trigger',
        severityLevel: 'medium',
      });
      expect(event?.outcome?.status).toBe('success');
    });

    it('rebuilds with the same parameters, asking for passwords again', async () => {
      const first = await post(alice(), `${jobPath(STAGING)}/builds`, {
        parameters: stagingParameters,
      });
      const number = await startedBuild(
        stack,
        'alice',
        STAGING,
        first.body.queue.queueId,
      );
      stack.sim.control.clearRequests();

      const withoutToken = await post(
        alice(),
        `${jobPath(STAGING)}/builds/${number}/rebuild`,
      );
      expect(withoutToken.status).toBe(400);
      expect(withoutToken.body.error.message).toContain(
        "Parameter 'SMOKE_TEST_TOKEN'",
      );
      expect(stack.posts()).toEqual([]);

      const rebuild = await post(
        alice(),
        `${jobPath(STAGING)}/builds/${number}/rebuild`,
        { parameters: { SMOKE_TEST_TOKEN: SECRET } },
      );
      expect(rebuild.status).toBe(202);
      const again = await startedBuild(
        stack,
        'alice',
        STAGING,
        rebuild.body.queue.queueId,
      );
      expect(again).toBeGreaterThan(number);
      const build = await stack.jenkinsGet(
        `${buildUrl(
          STAGING,
          again,
        )}/api/json?tree=actions[parameters[name,value]]`,
      );
      const parameters = Object.fromEntries(
        build.actions
          .flatMap((a: any) => a?.parameters ?? [])
          .map((p: any) => [p.name, p.value]),
      );
      expect(parameters).toMatchObject({
        VERSION: '2.5.0',
        DRY_RUN: true,
        REGION: 'us-east-1',
        NOTES: 'ship it, "carefully"',
        BACKSTAGE_REQUEST_ID: rebuild.body.requestId,
      });

      const production = await post(
        alice(),
        `${jobPath(PRODUCTION)}/builds/1/rebuild`,
      );
      expect(production.status).toBe(403);
      expect(production.body.error.message).toContain('jenkins.build.rebuild');
    });

    it('does not fail a run when labelling the build fails, and notes it in the audit', async () => {
      stack.sim.control.injectFault({
        path: '/submitDescription$',
        method: 'POST',
        kind: 'status',
        status: 500,
      });
      const res = await post(alice(), `${jobPath(STAGING)}/builds`, {
        parameters: { VERSION: '7.0.0' },
      });
      expect(res.status).toBe(202);
      const number = await startedBuild(
        stack,
        'alice',
        STAGING,
        res.body.queue.queueId,
      );
      const build = await stack.jenkinsGet(
        `${buildUrl(STAGING, number)}/api/json?tree=description`,
      );
      expect(build.description).toBeFalsy();
      expect(simStatusOf(stack, '/submitDescription')).toBe(500);
      expect(await auditEntryOf(stack, res.body.requestId)).toMatchObject({
        outcome: 'success',
        // the trigger's answer, not the failed label's
        jenkinsStatus: simStatusOf(stack, '/buildWithParameters'),
        buildNumber: number,
        message: expect.stringMatching(/was not labelled/),
      });
      expect(stack.logs.join('\n')).toMatch(
        new RegExp(`Build #${number} was not labelled`),
      );
    });

    it('refuses production to alice without calling Jenkins, and audits the denial', async () => {
      const res = await post(alice(), `${jobPath(PRODUCTION)}/builds`, {
        parameters: { VERSION: '2.5.0' },
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('jenkins.job.trigger');
      expect(stack.posts()).toEqual([]);

      const activity = await stack.api
        .get(`${ENTITY_PATH}/activity`)
        .set(as('alice'));
      expect(
        activity.body.items.find(
          (i: any) => i.requestId === res.headers['x-request-id'],
        ),
      ).toMatchObject({
        action: 'trigger',
        jobFullName: PRODUCTION,
        decision: 'deny',
        outcome: 'denied',
        jenkinsStatus: null,
      });
    });

    it('lets bob run production and dana, the other release manager, approve its promotion', async () => {
      const number = await pausedProduction('2.5.0');

      stack.sim.control.clearRequests();
      // Separation of duties (jenkinsPolicy.production.separateApprover).
      const byBob = await post(
        'bob',
        `${jobPath(PRODUCTION)}/builds/${number}/inputs/Promote`,
        { action: 'approve' },
      );
      expect(byBob.status).toBe(403);
      expect(byBob.body.error.message).toBe(
        'You started this deploy; another release manager must approve it',
      );
      expect(stack.posts()).toEqual([]);
      const byDana = await post(
        'dana',
        `${jobPath(PRODUCTION)}/builds/${number}/inputs/Promote`,
        { action: 'approve' },
      );
      expect(byDana.status).toBe(200);
      expect(byDana.body).toMatchObject({ status: 'done' });
      expect(
        await auditEntryOf(stack, byDana.body.requestId, 'dana'),
      ).toMatchObject({
        action: 'approve',
        buildNumber: number,
        decision: 'allow',
        outcome: 'success',
        jenkinsStatus: simStatusOf(stack, '/input/Promote/proceedEmpty'),
        actor: { userRef: 'user:default/dana', jenkinsUser: 'dana' },
      });
      stack.sim.control.advance(60_000);
      const finished = await stack.jenkinsGet(
        `${buildUrl(PRODUCTION, number)}/api/json?tree=result,building`,
      );
      expect(finished).toMatchObject({ building: false, result: 'SUCCESS' });

      const again = await post(
        'dana',
        `${jobPath(PRODUCTION)}/builds/${number}/inputs/Promote`,
        { action: 'approve' },
      );
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/not pending/);
    });

    it("refuses alice both answers to the Promote input of bob's production build, before Jenkins", async () => {
      const number = await pausedProduction('2.5.1');
      const inputPath = `${jobPath(
        PRODUCTION,
      )}/builds/${number}/inputs/Promote`;
      stack.sim.control.clearRequests();

      // Jenkins alone would let alice reject (abort) this input:
      // pipeline-input-step's InputStepExecution.preAbortCheck allows
      // canCancel() (Item.CANCEL on the job) or canSubmit(), and in the demo
      // scenario alice holds Job/Cancel on payments/** (only approving needs
      // the submitter, release-managers). So the Backstage policy is the only
      // gate here, for both answers.
      for (const action of ['approve', 'reject'] as const) {
        const res = await post(alice(), inputPath, { action });
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain('jenkins.build.approve');
        expect(stack.posts()).toEqual([]);
        expect(
          await auditEntryOf(stack, res.headers['x-request-id']),
        ).toMatchObject({
          action,
          jobFullName: PRODUCTION,
          buildNumber: number,
          actor: { userRef: 'user:default/alice' },
          decision: 'deny',
          outcome: 'denied',
          jenkinsStatus: null,
        });
      }

      const still = await stack.jenkinsGet(
        `${buildUrl(PRODUCTION, number)}/wfapi/pendingInputActions`,
      );
      expect(still).toEqual([expect.objectContaining({ id: 'Promote' })]);
      const build = await stack.jenkinsGet(
        `${buildUrl(PRODUCTION, number)}/api/json?tree=result,building`,
      );
      expect(build).toMatchObject({ building: true, result: null });

      // ...whereas Jenkins itself takes alice's rejection, with her own token.
      const direct = await fetch(
        `${stack.sim.url}${buildUrl(PRODUCTION, number)}/input/Promote/abort`,
        {
          method: 'POST',
          headers: {
            Authorization: `Basic ${Buffer.from('alice:alice-token').toString(
              'base64',
            )}`,
          },
        },
      );
      expect(direct.status).toBe(200);
      expect(
        await stack.jenkinsGet(
          `${buildUrl(PRODUCTION, number)}/wfapi/pendingInputActions`,
        ),
      ).toEqual([]);
    });

    it("lets dana reject bob's promotion, which stops the build", async () => {
      const res = await post('bob', `${jobPath(PRODUCTION)}/builds`, {
        parameters: { VERSION: '2.6.0' },
      });
      const number = await startedBuild(
        stack,
        'bob',
        PRODUCTION,
        res.body.queue.queueId,
      );
      stack.sim.control.advance(10_000);
      const inputPath = `${jobPath(
        PRODUCTION,
      )}/builds/${number}/inputs/Promote`;

      const withParameters = await post('dana', inputPath, {
        action: 'reject',
        parameters: { REASON: 'no' },
      });
      expect(withParameters.status).toBe(400);

      stack.sim.control.clearRequests();
      const reject = await post('dana', inputPath, { action: 'reject' });
      expect(reject.status).toBe(200);
      expect(reject.body.message).toMatch(/^Rejected/);
      const rejectStatus = simStatusOf(stack, '/input/Promote/abort');
      stack.sim.control.advance(1_000);
      const build = await stack.jenkinsGet(
        `${buildUrl(PRODUCTION, number)}/api/json?tree=result,building`,
      );
      expect(build).toMatchObject({ building: false, result: 'ABORTED' });

      const activity = await stack.api
        .get(`${ENTITY_PATH}/activity?limit=1`)
        .set(as('bob'));
      expect(activity.body.items[0]).toMatchObject({
        action: 'reject',
        requestId: reject.body.requestId,
        buildNumber: number,
        outcome: 'success',
        jenkinsStatus: rejectStatus,
        actor: { userRef: 'user:default/dana', jenkinsUser: 'dana' },
      });
    });

    it('aborts a running build and answers 409 once it has finished', async () => {
      const res = await post(alice(), `${jobPath(STAGING)}/builds`, {
        parameters: { REGION: 'eu-west-1' },
      });
      const number = await startedBuild(
        stack,
        'alice',
        STAGING,
        res.body.queue.queueId,
      );
      const abort = await post(
        alice(),
        `${jobPath(STAGING)}/builds/${number}/abort`,
      );
      expect(abort.status).toBe(200);
      expect(await auditEntryOf(stack, abort.body.requestId)).toMatchObject({
        action: 'abort',
        buildNumber: number,
        outcome: 'success',
        jenkinsStatus: simStatusOf(stack, `/${number}/stop`),
      });
      stack.sim.control.advance(1_000);
      const build = await stack.jenkinsGet(
        `${buildUrl(STAGING, number)}/api/json?tree=result,building`,
      );
      expect(build).toMatchObject({ building: false, result: 'ABORTED' });

      const again = await post(
        alice(),
        `${jobPath(STAGING)}/builds/${number}/abort`,
      );
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/already finished \(ABORTED\)/);
    });

    it('cancels a queued item and answers 409 for a cancelled one', async () => {
      const res = await post(alice(), `${jobPath(STAGING)}/builds`, {
        parameters: { VERSION: '9.9.9' },
      });
      const { queueId } = res.body.queue;
      const cancel = await post(
        alice(),
        `${jobPath(STAGING)}/queue/${queueId}/cancel`,
      );
      expect(cancel.status).toBe(200);
      expect(await auditEntryOf(stack, cancel.body.requestId)).toMatchObject({
        action: 'cancel',
        queueId,
        outcome: 'success',
        jenkinsStatus: simStatusOf(stack, '/queue/cancelItem'),
      });
      const state = await stack.api
        .get(`${jobPath(STAGING)}/queue/${queueId}`)
        .set(as('alice'));
      expect(state.body).toMatchObject({ queueId, state: 'cancelled' });

      const again = await post(
        alice(),
        `${jobPath(STAGING)}/queue/${queueId}/cancel`,
      );
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/already cancelled/);
    });

    it('returns the first answer for a repeated Idempotency-Key and 422 for another body', async () => {
      const key = { 'Idempotency-Key': `click-${strategy}-1` };
      const body = { parameters: { VERSION: '3.0.0' } };
      const first = await post(
        alice(),
        `${jobPath(STAGING)}/builds`,
        body,
        key,
      );
      const second = await post(
        alice(),
        `${jobPath(STAGING)}/builds`,
        body,
        key,
      );
      expect(first.status).toBe(202);
      expect(second.status).toBe(202);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(
        stack.posts().filter(p => p.path.endsWith('/buildWithParameters')),
      ).toHaveLength(1);

      const other = await post(
        alice(),
        `${jobPath(STAGING)}/builds`,
        { parameters: { VERSION: '3.0.1' } },
        key,
      );
      expect(other.status).toBe(422);
      expect(other.body.error.name).toBe('IdempotencyKeyReusedError');
    });

    it('refreshes an invalidated crumb once and succeeds', async () => {
      stack.sim.control.injectFault({
        path: '/buildWithParameters$',
        method: 'POST',
        kind: 'latency',
        latencyMs: 1500,
        times: 1,
      });
      const pending = post(alice(), `${jobPath(STAGING)}/builds`, {
        parameters: { VERSION: '4.0.0' },
      });
      // Invalidate every crumb after the backend fetched its crumb, while its
      // POST is held up: the POST then carries a crumb Jenkins forgot.
      for (let i = 0; i < 100; i++) {
        if (stack.sim.control.requests({ path: 'crumbIssuer' }).length) break;
        await new Promise(r => setTimeout(r, 20));
      }
      stack.sim.control.invalidateCrumbs();
      const res = await pending;
      expect(res.status).toBe(202);
      const triggers = stack
        .posts()
        .filter(p => p.path.endsWith('/buildWithParameters'));
      expect(triggers.map(p => [p.status, p.crumb])).toEqual([
        [403, 'invalid'],
        [201, 'valid'],
      ]);
    });

    it('refuses a value outside a choice list with 400 and no Jenkins write', async () => {
      const res = await post(alice(), `${jobPath(STAGING)}/builds`, {
        parameters: { REGION: 'mars-north-1', SMOKE_TEST_TOKEN: SECRET },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain("Parameter 'REGION'");
      expect(stack.posts()).toEqual([]);
    });

    it('runs staging and refuses production through the actions registry, audited as actions', async () => {
      const invoke = (user: string, action: string, input: object) =>
        stack.api
          .post(
            `/api/jenkins/.backstage/actions/v1/actions/jenkins:${action}/invoke`,
          )
          .set(as(user))
          .send(input);

      const run = await invoke('alice', 'run-job', {
        entityRef: 'component:default/payments-service',
        jobFullName: STAGING,
        parameters: { VERSION: '5.0.0', SMOKE_TEST_TOKEN: SECRET },
      });
      expect(run.status).toBe(200);
      expect(run.body.output.queue.state).toBe('waiting');
      expect(stack.posts()).toEqual([
        expect.objectContaining({ user: 'alice', status: 201 }),
      ]);
      const triggerStatus = simStatusOf(stack, '/buildWithParameters');

      stack.sim.control.clearRequests();
      const refused = await invoke('alice', 'run-job', {
        entityRef: 'component:default/payments-service',
        jobFullName: PRODUCTION,
        parameters: { VERSION: '5.0.0' },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain('jenkins.job.trigger');
      expect(stack.posts()).toEqual([]);

      const activity = await stack.api
        .get(`${ENTITY_PATH}/activity?limit=2`)
        .set(as('alice'));
      expect(
        activity.body.items.map((i: any) => [
          i.via,
          i.jobFullName,
          i.decision,
          i.jenkinsStatus,
        ]),
      ).toEqual([
        ['action', PRODUCTION, 'deny', null],
        ['action', STAGING, 'allow', triggerStatus],
      ]);

      stack.sim.control.advance(6_000);
      const state = await stack.api
        .get(`${jobPath(STAGING)}/queue/${run.body.output.queue.queueId}`)
        .set(as('alice'));
      const detail = await invoke('carol', 'get-build', {
        entityRef: 'component:default/payments-service',
        jobFullName: STAGING,
        buildNumber: state.body.buildNumber,
      });
      expect(detail.status).toBe(200);
      expect(detail.body.output).toMatchObject({
        number: state.body.buildNumber,
        parameters: expect.arrayContaining([
          { name: 'SMOKE_TEST_TOKEN', value: '********', masked: true },
        ]),
      });
      const log = await invoke('carol', 'get-build-log', {
        entityRef: 'component:default/payments-service',
        jobFullName: STAGING,
        buildNumber: state.body.buildNumber,
      });
      expect(log.status).toBe(200);
      expect(log.body.output).toMatchObject({ more: true });

      const registered = await stack.api
        .get('/api/jenkins/.backstage/actions/v1/actions')
        .set(as('carol'));
      expect(registered.body.actions.map((a: any) => a.id).sort()).toEqual([
        'jenkins:abort-build',
        'jenkins:answer-input',
        'jenkins:cancel-queue-item',
        'jenkins:get-build',
        'jenkins:get-build-changes',
        'jenkins:get-build-graph',
        'jenkins:get-build-log',
        'jenkins:get-build-step-log',
        'jenkins:get-change-record',
        'jenkins:get-replay-script',
        'jenkins:get-restart-options',
        'jenkins:list-build-artifacts',
        'jenkins:list-builds',
        'jenkins:list-jobs',
        'jenkins:pause-build',
        'jenkins:rebuild-build',
        'jenkins:replay-build',
        'jenkins:restart-build',
        'jenkins:run-job',
        'jenkins:search-build-log',
        'jenkins:summarize-build-failure',
        'jenkins:wait-for-build',
      ]);
      expect(
        registered.body.actions.find((a: any) => a.id === 'jenkins:run-job')
          .attributes,
      ).toMatchObject({ readOnly: false });

      const list = await invoke('carol', 'list-jobs', {
        entityRef: 'component:default/payments-service',
      });
      expect(list.status).toBe(200);
      expect(list.body.output.jobs.map((j: any) => j.fullName)).toContain(
        STAGING,
      );
    });

    it('exports each attempt on a job once, final, to auditors only, with no secret anywhere', async () => {
      const from = new Date().toISOString();
      const staging = `${jobPath(STAGING)}/builds`;

      // allowed, and carried out by Jenkins
      const allowed = await post(alice(), staging, {
        parameters: stagingParameters,
      });
      expect(allowed.status).toBe(202);
      const allowedStatus = simStatusOf(stack, '/buildWithParameters');
      stack.sim.control.clearRequests();

      // denied by the policy
      const denied = await post(alice(), `${jobPath(PRODUCTION)}/builds`, {
        parameters: { VERSION: '2.5.0', SMOKE_TEST_TOKEN: SECRET },
      });
      expect(denied.status).toBe(403);

      // allowed, but refused as bad input
      const invalid = await post(alice(), staging, {
        parameters: { REGION: 'mars-north-1', SMOKE_TEST_TOKEN: SECRET },
      });
      expect(invalid.status).toBe(400);
      expect(stack.posts()).toEqual([]);

      // allowed, and rejected by Jenkins
      stack.sim.control.injectFault({
        path: '/buildWithParameters$',
        method: 'POST',
        kind: 'status',
        status: 403,
        body: '<html><body><p>alice is missing the Job/Build permission</p></body></html>',
        times: 1,
      });
      const rejected = await post(alice(), staging, {
        parameters: { VERSION: '8.0.0', SMOKE_TEST_TOKEN: SECRET },
      });
      expect(rejected.status).toBe(403);
      expect(rejected.body.error.message).toMatch(/^Jenkins denied alice/);
      const rejectedStatus = simStatusOf(stack, '/buildWithParameters');

      const attempts = [allowed, denied, invalid, rejected];
      const requestIds: string[] = attempts.map(r => r.headers['x-request-id']);
      expect(new Set(requestIds).size).toBe(attempts.length);

      const to = new Date(Date.now() + 60_000).toISOString();
      const window = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(
        to,
      )}`;
      const refused = await stack.api
        .get(`/api/jenkins/v1/audit?${window}&format=csv`)
        .set(as('alice'));
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain('jenkins.audit.read');

      const json = await stack.api
        .get(`/api/jenkins/v1/audit?${window}&format=json`)
        .set(as('dave'));
      expect(json.status).toBe(200);
      const rows: AuditEntry[] = json.body.items;
      // exactly one row per attempt, and each one final: none left pending
      expect(rows.map(r => r.requestId).sort()).toEqual([...requestIds].sort());
      expect(rows.filter(r => r.outcome === 'pending')).toEqual([]);
      const rowOf = (res: (typeof attempts)[number]) =>
        rows.find(r => r.requestId === res.headers['x-request-id']);
      expect(rowOf(allowed)).toMatchObject({
        action: 'trigger',
        jobFullName: STAGING,
        decision: 'allow',
        outcome: 'success',
        jenkinsStatus: allowedStatus,
      });
      expect(rowOf(denied)).toMatchObject({
        action: 'trigger',
        jobFullName: PRODUCTION,
        decision: 'deny',
        outcome: 'denied',
        jenkinsStatus: null,
      });
      expect(rowOf(invalid)).toMatchObject({
        action: 'trigger',
        jobFullName: STAGING,
        decision: 'allow',
        outcome: 'failure',
        jenkinsStatus: null,
        message: expect.stringContaining("Parameter 'REGION'"),
      });
      expect(rowOf(rejected)).toMatchObject({
        action: 'trigger',
        jobFullName: STAGING,
        decision: 'allow',
        outcome: 'denied',
        jenkinsStatus: rejectedStatus,
      });

      const res = await stack.api
        .get(`/api/jenkins/v1/audit?${window}&format=csv`)
        .set(as('dave'));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain('jenkins-audit.csv');
      const csv: string = res.text;
      const lines = csv.split('\r\n').filter(Boolean);
      expect(lines[0]).toMatch(/^id,time,user_ref,jenkins_user/);
      expect(lines).toHaveLength(1 + requestIds.length);
      for (const requestId of requestIds) {
        expect(lines.filter(l => l.includes(requestId))).toHaveLength(1);
      }
      // quoting: the notes parameter of the allowed run holds a comma and quotes
      expect(csv).toContain('""NOTES"":""ship it, \\""carefully\\""""');

      expect(json.text).not.toContain(SECRET);
      expect(csv).not.toContain(SECRET);
      expect(JSON.stringify(stack.events)).not.toContain(SECRET);
      expect(stack.logs.join('\n')).not.toContain(SECRET);
      const ndjson = await stack.api
        .get(`/api/jenkins/v1/audit?format=ndjson`)
        .set(as('dave'));
      expect(ndjson.headers['content-type']).toBe(
        'application/x-ndjson; charset=utf-8',
      );
      expect(ndjson.text).not.toContain(SECRET);
    });
  },
);

function alice() {
  return 'alice';
}

describe('the write API with an allow-all Backstage policy', () => {
  it('reports Jenkins refusing alice at the input step as 403 "Jenkins denied"', async () => {
    const stack = await startWriteBackend({
      strategy: 'jwt',
      policy: 'allow-all',
    });
    try {
      const res = await stack.api
        .post(`${jobPath(PRODUCTION)}/builds`)
        .set(as('bob'))
        .send({ parameters: { VERSION: '2.5.0' } });
      expect(res.status).toBe(202);
      const number = await startedBuild(
        stack,
        'bob',
        PRODUCTION,
        res.body.queue.queueId,
      );
      stack.sim.control.advance(10_000);

      const byAlice = await stack.api
        .post(`${jobPath(PRODUCTION)}/builds/${number}/inputs/Promote`)
        .set(as('alice'))
        .send({ action: 'approve' });
      expect(byAlice.status).toBe(403);
      expect(byAlice.body.error.message).toMatch(/^Jenkins denied alice/);

      const still = await stack.jenkinsGet(
        `${buildUrl(PRODUCTION, number)}/wfapi/pendingInputActions`,
      );
      expect(still).toHaveLength(1);

      // What the simulator sent, as Jenkins does: InputStepExecution's
      // preSubmissionCheck refuses with a hudson.model.Failure, a 400.
      const sent = simStatusOf(stack, '/input/Promote/proceedEmpty');
      expect(sent).toBe(400);
      const activity = await stack.api
        .get(`${ENTITY_PATH}/activity?limit=1`)
        .set(as('alice'));
      expect(activity.body.items[0]).toMatchObject({
        action: 'approve',
        requestId: byAlice.headers['x-request-id'],
        decision: 'allow',
        outcome: 'denied',
        jenkinsStatus: sent,
      });
      expect(byAlice.body.error.message).toMatch(
        /You need to be .* to submit this/,
      );
    } finally {
      await stack.stop();
    }
  });
});

describe('idempotency across backend replicas', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

  /**
   * How a replica's claim of an Idempotency-Key went, from the queries its
   * own pool ran: the insert of the key succeeded (`won`) or hit the key
   * another replica holds (`lost`).
   */
  function claimOf(db: Knex): Promise<'won' | 'lost'> {
    return new Promise(resolve => {
      const inserts = new Set<string>();
      db.on('query', (query: { sql: string; __knexQueryUid: string }) => {
        if (/^insert into "jenkins_idempotency_keys"/i.test(query.sql)) {
          inserts.add(query.__knexQueryUid);
        }
      });
      db.on(
        'query-response',
        (_: unknown, query: { __knexQueryUid: string }) => {
          if (inserts.has(query.__knexQueryUid)) resolve('won');
        },
      );
      db.on('query-error', (_: unknown, query: { __knexQueryUid: string }) => {
        if (inserts.has(query.__knexQueryUid)) resolve('lost');
      });
    });
  }

  /** Fails instead of waiting for the test timeout when `promise` never settles. */
  function within<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Timed out waiting for ${what}`)),
          20_000,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  }

  it.each(databases.eachSupportedId())(
    'starts exactly one build for one key sent to two backends sharing %s',
    async databaseId => {
      // One database, a pool per replica, as two backend processes have.
      const poolA = await databases.init(databaseId);
      const poolB = knexFactory(poolA.client.config);
      let sim: Awaited<ReturnType<typeof startJenkinsSim>> | undefined;
      let gate: JenkinsGate | undefined;
      const stacks: JenkinsTestBackend[] = [];
      try {
        sim = await startJenkinsSim({
          port: 0,
          scenario: 'demo',
          virtualClock: true,
        });
        // Both replicas reach Jenkins through a gate that holds the trigger
        // POST until the test lets it through.
        gate = await startJenkinsGate(
          sim.url,
          (method, path) =>
            method === 'POST' && path.endsWith('/buildWithParameters'),
        );
        for (const knex of [poolA, poolB]) {
          stacks.push(
            await startWriteBackend({
              strategy: 'jwt',
              policy: 'demo',
              knex,
              sim,
              instance: { identity: { strategy: 'jwt' }, baseUrl: gate.url },
            }),
          );
        }
        sim.control.clearRequests();
        const claims = [claimOf(poolA), claimOf(poolB)];
        const send = (stack: JenkinsTestBackend) =>
          stack.api
            .post(`${jobPath(STAGING)}/builds`)
            .set(as('alice'))
            .set('Idempotency-Key', 'one-click')
            .send({ parameters: { VERSION: '6.0.0' } });
        const answers = Promise.all(stacks.map(send));

        // The barrier: the winner's trigger is held at the gate, and the
        // other replica has tried to claim the key and lost, so it is
        // waiting for the winner's answer. Only then may Jenkins answer.
        const [claimA, claimB] = await within(
          Promise.all(claims),
          'both replicas to claim the key',
        );
        await within(gate.held(1), 'the trigger to reach the gate');
        expect([claimA, claimB].sort()).toEqual(['lost', 'won']);
        expect(sim.control.requests({ method: 'POST' })).toEqual([]);
        gate.release();
        const [a, b] = await within(answers, 'both answers');

        const [won, lost] = claimA === 'won' ? [a, b] : [b, a];
        expect(won.status).toBe(202);
        expect(lost.status).toBe(202);
        // the replay is the answer of the replica that lost the claim
        expect(won.headers['idempotent-replayed']).toBeUndefined();
        expect(lost.headers['idempotent-replayed']).toBe('true');
        expect(lost.body).toEqual(won.body);
        expect(lost.body.queue.queueId).toBe(won.body.queue.queueId);
        expect(lost.body.requestId).toBe(won.body.requestId);
        expect(won.headers['x-request-id']).toBe(won.body.requestId);
        expect(lost.headers['x-request-id']).toBe(won.body.requestId);
        expect(
          sim.control
            .requests({ method: 'POST' })
            .filter(r => r.path.endsWith('/buildWithParameters')),
        ).toEqual([expect.objectContaining({ user: 'alice', status: 201 })]);

        // The one build is the winner's run.
        const number = await startedBuild(
          stacks[0],
          'alice',
          STAGING,
          won.body.queue.queueId,
        );
        const build = await stacks[0].jenkinsGet(
          `${buildUrl(
            STAGING,
            number,
          )}/api/json?tree=actions[parameters[name,value]]`,
        );
        expect(
          build.actions
            .flatMap((x: any) => x?.parameters ?? [])
            .find((p: any) => p.name === 'BACKSTAGE_REQUEST_ID')?.value,
        ).toBe(won.body.requestId);
      } finally {
        for (const stack of stacks) {
          await stack.stop();
        }
        await gate?.close();
        await sim?.close();
        // The second pool is this test's own; TestDatabases destroys the first.
        await poolB.destroy();
      }
    },
  );
});
