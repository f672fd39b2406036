import { createHash } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import { Entity } from '@backstage/catalog-model';
import {
  activityPageSchema,
  AuditEntry,
  buildDetailSchema,
  changeRecordSchema,
} from '@internal/plugin-jenkins-common';
import {
  as,
  ENTITY_PATH,
  JenkinsTestBackend,
  jobPath,
  PRODUCTION,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(90_000);

const REASON =
  'You started this deploy; another release manager must approve it';

/** Not in the demo world: an auditor, who may export and verify the audit trail. */
const dave: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'dave', namespace: 'default' },
  spec: {
    profile: { displayName: 'Dave', email: 'dave@example.com' },
    memberOf: ['auditors'],
  },
};

/** The simulator's engine, to start a build the way a timer trigger does. */
interface SimInternals {
  state: {
    engine: {
      tree: { find(fullName: string): any };
      schedule(job: any, parameters: unknown[], cause: unknown): unknown;
    };
  };
}

function buildUrl(n: number) {
  return `/job/payments/job/deploy-production/${n}`;
}

/**
 * JSON with object keys sorted at every level, written here again (not
 * imported) so that the digest is checked against an independent reading
 * of "sha256 over the canonical JSON".
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter(k => o[k] !== undefined)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

describe('separation of duties on production deploys (demo policy)', () => {
  let stack: JenkinsTestBackend;

  const post = async (user: string, path: string, body: object = {}) =>
    await stack.api.post(path).set(as(user)).send(body);
  const inputPath = (n: number) =>
    `${jobPath(PRODUCTION)}/builds/${n}/inputs/Promote`;

  /** Bob runs production through Backstage; the build pauses at Promote. */
  async function pausedThroughBackstage(version: string): Promise<number> {
    const res = await post('bob', `${jobPath(PRODUCTION)}/builds`, {
      parameters: { VERSION: version },
    });
    expect(res.status).toBe(202);
    stack.sim.control.advance(6_000);
    const queue = await stack.api
      .get(`${jobPath(PRODUCTION)}/queue/${res.body.queue.queueId}`)
      .set(as('bob'));
    expect(queue.body).toMatchObject({ state: 'started' });
    stack.sim.control.advance(10_000);
    return queue.body.buildNumber;
  }

  /** Bob runs production in Jenkins itself, with his own API token. */
  async function pausedInJenkins(version: string): Promise<number> {
    const res = await fetch(
      `${stack.sim.url}/job/payments/job/deploy-production/buildWithParameters?VERSION=${version}&delay=0`,
      {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from('bob:bob-token').toString(
            'base64',
          )}`,
        },
      },
    );
    expect(res.status).toBe(201);
    stack.sim.control.advance(6_000);
    const item = await stack.jenkinsGet(
      `${new URL(res.headers.get('location')!).pathname}api/json`,
    );
    stack.sim.control.advance(10_000);
    return item.executable.number;
  }

  /** A production build nobody started: a timer cause, as Jenkins' cron. */
  async function pausedByTimer(): Promise<number> {
    const { engine } = (stack.sim.control as unknown as SimInternals).state;
    const job = engine.tree.find(PRODUCTION);
    engine.schedule(
      job,
      job.parameters.map((p: any) => ({
        name: p.name,
        type: p.type,
        value: p.defaultValue,
      })),
      { kind: 'timer' },
    );
    stack.sim.control.advance(6_000);
    const last = await stack.jenkinsGet(
      '/job/payments/job/deploy-production/api/json?tree=lastBuild[number]',
    );
    stack.sim.control.advance(10_000);
    return last.lastBuild.number;
  }

  async function canAnswer(user: string, n: number) {
    const res = await stack.api
      .get(`${jobPath(PRODUCTION)}/builds/${n}`)
      .set(as(user));
    expect(res.status).toBe(200);
    const detail = buildDetailSchema.parse(res.body);
    expect(detail.pendingInputs).toHaveLength(1);
    return detail.pendingInputs[0];
  }

  async function auditEntry(requestId: string): Promise<AuditEntry> {
    const res = await stack.api
      .get(`${ENTITY_PATH}/activity?limit=100`)
      .set(as('bob'));
    const entry = activityPageSchema
      .parse(res.body)
      .items.find(i => i.requestId === requestId);
    expect(entry).toBeDefined();
    return entry!;
  }

  beforeAll(async () => {
    stack = await startJenkinsTestBackend({
      policy: 'demo',
      entities: [dave],
      // As app-config.yaml: the Jenkinsfile's `submitter`, which Jenkins'
      // API does not tell.
      jenkins: {
        notifications: {
          approvers: [{ path: PRODUCTION, submitter: 'release-managers' }],
        },
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses bob the approval of the deploy he started: 403 with the reason, audited, Jenkins not called; dana approves', async () => {
    const number = await pausedThroughBackstage('3.0.0');

    // The build view says so before anyone tries, and whom to ask.
    const bobsView = await canAnswer('bob', number);
    expect(bobsView.canAnswer).toEqual({ allowed: false, reason: REASON });
    expect(bobsView.approvers).toEqual({
      groups: ['group:default/release-managers'],
      people: ['user:default/dana'],
    });

    stack.sim.control.clearRequests();
    const byBob = await post('bob', inputPath(number), { action: 'approve' });
    expect(byBob.status).toBe(403);
    expect(byBob.body.error.message).toBe(REASON);
    // Decided from the audit trail and the build just read: Jenkins never
    // heard of the attempt.
    expect(stack.jenkinsRequests()).toEqual([]);
    const denied = (
      await stack.api.get(`${ENTITY_PATH}/activity?limit=100`).set(as('bob'))
    ).body.items.find(
      (i: AuditEntry) =>
        i.action === 'approve' &&
        i.buildNumber === number &&
        i.decision === 'deny',
    );
    expect(denied).toMatchObject({
      actor: { userRef: 'user:default/bob' },
      outcome: 'denied',
      message: REASON,
      environment: 'production',
      jenkinsStatus: null,
    });
    // Backstage's auditor service was told too.
    expect(
      stack.events.some(
        e =>
          e.options.eventId === 'input-approve' &&
          (e.options.meta as { message?: string }).message ===
            'Input Promote' &&
          (e.outcome?.meta as { message?: string }).message === REASON &&
          e.outcome?.status === 'fail',
      ),
    ).toBe(true);

    // Rejecting is answering too: the same rule.
    const rejectByBob = await post('bob', inputPath(number), {
      action: 'reject',
    });
    expect(rejectByBob.status).toBe(403);

    expect((await canAnswer('dana', number)).canAnswer).toEqual({
      allowed: true,
    });
    stack.sim.control.clearRequests();
    const byDana = await post('dana', inputPath(number), {
      action: 'approve',
    });
    expect(byDana.status).toBe(200);
    const proceed = stack
      .posts()
      .filter(p => p.path.endsWith('/input/Promote/proceedEmpty'));
    expect(proceed).toEqual([expect.objectContaining({ user: 'dana' })]);
    expect(await auditEntry(byDana.body.requestId)).toMatchObject({
      action: 'approve',
      decision: 'allow',
      outcome: 'success',
      actor: { userRef: 'user:default/dana', jenkinsUser: 'dana' },
    });
    stack.sim.control.advance(60_000);

    // The change record: requester, approver, the refusals, Jenkins' result.
    const res = await stack.api
      .get(`${jobPath(PRODUCTION)}/builds/${number}/record?download=true`)
      .set(as('alice'));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="payments-deploy-production-${number}-change-record.json"`,
    );
    const record = changeRecordSchema.parse(res.body);
    expect(record).toMatchObject({
      entity: {
        ref: 'component:default/payments-service',
        owner: 'group:default/team-payments',
      },
      job: {
        instance: 'default',
        fullName: PRODUCTION,
        environment: 'production',
      },
      build: { number, result: 'SUCCESS', building: false },
      requester: {
        userRef: 'user:default/bob',
        jenkinsUser: 'bob',
        via: 'portal',
        source: 'audit',
        decision: 'allow',
      },
      approvedBy: ['user:default/dana'],
      separationOfDuties: 'kept',
    });
    expect(record.build.durationMs).toBeGreaterThan(0);
    expect(record.parameters).toEqual(
      expect.arrayContaining([
        { name: 'VERSION', value: '3.0.0', masked: false },
      ]),
    );
    expect(
      record.steps.map(s => [s.action, s.by.userRef, s.decision, s.outcome]),
    ).toEqual([
      ['approve', 'user:default/bob', 'deny', 'denied'],
      ['reject', 'user:default/bob', 'deny', 'denied'],
      ['approve', 'user:default/dana', 'allow', 'success'],
    ]);
    expect(record.steps[0].message).toBe(REASON);
    // Each step names the input it answered, refused or not.
    expect(record.steps.map(s => s.inputId)).toEqual([
      'Promote',
      'Promote',
      'Promote',
    ]);
    expect(record.steps[2].jenkinsStatus).toBe(proceed[0].status);

    // The digest is sha256 over the canonical record without itself and
    // the time it was put together; asked again, it is the same.
    const { digest, generatedAt, ...content } = record;
    void generatedAt;
    expect(digest.value).toBe(
      createHash('sha256').update(canonical(content)).digest('hex'),
    );
    const again = await stack.api
      .get(`${jobPath(PRODUCTION)}/builds/${number}/record`)
      .set(as('carol'));
    expect(again.body.digest.value).toBe(digest.value);
    expect(again.headers['content-disposition']).toBeUndefined();

    // Auditors get the same records in bulk, by environment.
    const bulk = await stack.api
      .get('/api/jenkins/v1/audit?format=records&environment=production')
      .set(as('dave'));
    expect(bulk.status).toBe(200);
    expect(
      bulk.body.items.find(
        (r: { build: { number: number } }) => r.build.number === number,
      )?.digest.value,
    ).toBe(digest.value);
    const staging = await stack.api
      .get('/api/jenkins/v1/audit?environment=staging')
      .set(as('dave'));
    expect(staging.body.items).toEqual([]);
    const forBob = await stack.api
      .get('/api/jenkins/v1/audit?format=records')
      .set(as('bob'));
    expect(forBob.status).toBe(403);

    // Automation gets the same record from the actions registry.
    const action = await stack.api
      .post(
        '/api/jenkins/.backstage/actions/v2/actions/jenkins:get-change-record/invoke',
      )
      .set(as('alice'))
      .send({
        input: {
          entityRef: 'component:default/payments-service',
          jobFullName: PRODUCTION,
          buildNumber: number,
        },
      });
    expect(action.status).toBe(200);
    expect(action.body.output.digest.value).toBe(digest.value);
    const listed = await stack.api
      .get('/api/jenkins/.backstage/actions/v1/actions')
      .set(as('alice'));
    expect(
      listed.body.actions.find((a: any) => a.name === 'get-change-record')
        ?.attributes,
    ).toEqual({ readOnly: true, destructive: false, idempotent: true });
  });

  it('establishes the starter of a build started in Jenkins from its user cause', async () => {
    const number = await pausedInJenkins('3.1.0');

    expect((await canAnswer('bob', number)).canAnswer).toEqual({
      allowed: false,
      reason: REASON,
    });
    stack.sim.control.clearRequests();
    const byBob = await post('bob', inputPath(number), { action: 'approve' });
    expect(byBob.status).toBe(403);
    expect(byBob.body.error.message).toBe(REASON);
    expect(stack.posts()).toEqual([]);

    const byDana = await post('dana', inputPath(number), {
      action: 'approve',
    });
    expect(byDana.status).toBe(200);
    stack.sim.control.advance(60_000);
    const record = (
      await stack.api
        .get(`${jobPath(PRODUCTION)}/builds/${number}/record`)
        .set(as('alice'))
    ).body;
    expect(record.requester).toMatchObject({
      userRef: 'user:default/bob',
      jenkinsUser: 'bob',
      source: 'jenkins',
      via: 'jenkins',
      time: null,
    });
    expect(record.separationOfDuties).toBe('kept');
  });

  it('refuses approving a build whose starter nobody can establish (the demo policy default)', async () => {
    const number = await pausedByTimer();
    const dana = await canAnswer('dana', number);
    expect(dana.canAnswer.allowed).toBe(false);
    expect(dana.canAnswer.reason).toMatch(
      /^Nobody can tell who started this deploy/,
    );
    stack.sim.control.clearRequests();
    const byDana = await post('dana', inputPath(number), {
      action: 'approve',
    });
    expect(byDana.status).toBe(403);
    expect(stack.posts()).toEqual([]);
    // Abort it, so that the next test's builds do not queue behind it.
    const abort = await post(
      'dana',
      `${jobPath(PRODUCTION)}/builds/${number}/abort`,
    );
    expect(abort.status).toBeLessThan(300);
  });

  it('lets the verification endpoint vouch for the trail, for auditors only', async () => {
    const report = await stack.api
      .get('/api/jenkins/v1/audit/verify')
      .set(as('dave'));
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      verified: true,
      firstBrokenLink: null,
      unchainedEntries: 0,
    });
    expect(report.body.checkedLinks).toBeGreaterThan(5);
    const bad = await stack.api
      .get('/api/jenkins/v1/audit/verify?from=yesterday')
      .set(as('dave'));
    expect(bad.status).toBe(400);
    const denied = await stack.api
      .get('/api/jenkins/v1/audit/verify')
      .set(as('bob'));
    expect(denied.status).toBe(403);
  });
});

describe('the unknown-starter choice is the policy config', () => {
  let stack: JenkinsTestBackend;
  afterAll(async () => {
    await stack?.stop();
  });

  it('lets a release manager approve a timer-started production build with production.allowUnknownStarter', async () => {
    stack = await startJenkinsTestBackend({
      policy: 'demo',
      config: { jenkinsPolicy: { production: { allowUnknownStarter: true } } },
    });
    const { engine } = (stack.sim.control as unknown as SimInternals).state;
    const job = engine.tree.find(PRODUCTION);
    engine.schedule(
      job,
      job.parameters.map((p: any) => ({
        name: p.name,
        type: p.type,
        value: p.defaultValue,
      })),
      { kind: 'timer' },
    );
    stack.sim.control.advance(16_000);
    const number = (
      await stack.jenkinsGet(
        '/job/payments/job/deploy-production/api/json?tree=lastBuild[number]',
      )
    ).lastBuild.number;
    const res = await stack.api
      .post(`${jobPath(PRODUCTION)}/builds/${number}/inputs/Promote`)
      .set(as('bob'))
      .send({ action: 'approve' });
    expect(res.status).toBe(200);
    void buildUrl;
  });
});

describe('tamper evidence over HTTP', () => {
  let stack: JenkinsTestBackend;
  let knex: Knex;

  beforeAll(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    stack = await startJenkinsTestBackend({
      policy: 'demo',
      entities: [dave],
      knex,
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await knex?.destroy();
  });

  it('reports the row someone changed in the database as the first broken link', async () => {
    const run = await stack.api
      .post(`${jobPath(STAGING)}/builds`)
      .set(as('alice'))
      .send({ parameters: { VERSION: '1.0.0' } });
    expect(run.status).toBe(202);
    const refused = await stack.api
      .post(`${jobPath(PRODUCTION)}/builds`)
      .set(as('alice'))
      .send({ parameters: { VERSION: '1.0.0' } });
    expect(refused.status).toBe(403);

    const before = await stack.api
      .get('/api/jenkins/v1/audit/verify')
      .set(as('dave'));
    expect(before.body).toMatchObject({
      verified: true,
      firstBrokenLink: null,
    });

    // Someone with database access turns alice's refusal into an allowance.
    const row = await knex('jenkins_audit_entries')
      .where({ user_ref: 'user:default/alice', decision: 'deny' })
      .first();
    await knex('jenkins_audit_entries')
      .where({ id: row.id })
      .update({ decision: 'allow' });

    const after = await stack.api
      .get('/api/jenkins/v1/audit/verify')
      .set(as('dave'));
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      verified: false,
      firstBrokenLink: {
        instance: 'default',
        table: 'jenkins_audit_entries',
        id: row.id,
        seq: Number(row.chain_seq),
        reason: 'content-changed',
      },
    });
    // A period before the change still verifies.
    const earlier = await stack.api
      .get(
        `/api/jenkins/v1/audit/verify?to=${encodeURIComponent(
          new Date(Number(row.time_ms)).toISOString(),
        )}`,
      )
      .set(as('dave'));
    expect(earlier.body.verified).toBe(true);
  });
});
