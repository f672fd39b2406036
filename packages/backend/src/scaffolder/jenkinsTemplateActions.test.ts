import { loadScenario } from '@internal/jenkins-sim';
import {
  ScaffolderTestBackend,
  startScaffolderTestBackend,
} from './__testUtils__/ScaffolderTestBackend';

/**
 * The Jenkins template actions over the real scaffolder backend: a template
 * task created through the scaffolder's HTTP API as a user runs its steps
 * with that user's credentials; the actions call the Jenkins plugin's API on
 * their behalf, whose demo policy, JWT identity, idempotency keys and audit
 * apply, in front of the Jenkins simulator.
 */

const STAGING_BUILDS = '/job/payments/job/deploy-staging/buildWithParameters';

/** Templates of these tests; `run` takes everything from its parameters. */
const TEMPLATES = `
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: jenkins-run
  title: Run a Jenkins job (test)
spec:
  owner: group:default/team-payments
  type: test
  parameters:
    - properties:
        job: { type: string }
        version: { type: string }
        wait: { type: boolean, default: true }
        timeoutSeconds: { type: number, default: 60 }
        failOnBuildFailure: { type: boolean, default: true }
  steps:
    - id: deploy
      name: Deploy
      action: jenkins:build:run
      input:
        entityRef: component:default/payments-service
        job: \${{ parameters.job }}
        parameters:
          VERSION: \${{ parameters.version }}
        wait: \${{ parameters.wait }}
        timeoutSeconds: \${{ parameters.timeoutSeconds }}
        failOnBuildFailure: \${{ parameters.failOnBuildFailure }}
  output:
    buildUrl: \${{ steps.deploy.output.buildUrl }}
    buildNumber: \${{ steps.deploy.output.buildNumber }}
    queueId: \${{ steps.deploy.output.queueId }}
    result: \${{ steps.deploy.output.result }}
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: jenkins-run-then-wait
  title: Queue a Jenkins build, then wait for it (test)
spec:
  owner: group:default/team-payments
  type: test
  parameters:
    - properties:
        version: { type: string }
  steps:
    - id: queue
      name: Queue
      action: jenkins:build:run
      input:
        entityRef: component:default/payments-service
        job: payments/deploy-staging
        parameters:
          VERSION: \${{ parameters.version }}
        wait: false
    - id: wait
      name: Wait
      action: jenkins:build:wait
      input:
        entityRef: component:default/payments-service
        job: payments/deploy-staging
        queueId: \${{ steps.queue.output.queueId }}
        timeoutSeconds: 2
  output:
    queueId: \${{ steps.queue.output.queueId }}
    buildUrl: \${{ steps.wait.output.buildUrl }}
    result: \${{ steps.wait.output.result }}
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: jenkins-answer
  title: Answer a Jenkins input step (test)
spec:
  owner: group:default/team-payments
  type: test
  parameters:
    - properties:
        buildNumber: { type: number }
        answer: { type: string }
  steps:
    - id: answer
      name: Answer
      action: jenkins:input:answer
      input:
        entityRef: component:default/payments-service
        job: payments/deploy-production
        buildNumber: \${{ parameters.buildNumber }}
        inputId: Promote
        answer: \${{ parameters.answer }}
  output:
    message: \${{ steps.answer.output.message }}
`;

/** The demo scenario, with the staging deployment's smoke test failing. */
function failingStagingScenario() {
  const scenario = loadScenario('demo') as any;
  const job = scenario.jobs.find(
    (j: { name: string }) => j.name === 'payments/deploy-staging',
  );
  job.stages = job.stages.map((stage: { name: string }) =>
    stage.name === 'Smoke Test' ? { ...stage, result: 'FAILURE' } : stage,
  );
  return scenario;
}

describe('Jenkins template actions over the real scaffolder backend', () => {
  jest.setTimeout(120_000);

  describe('with the demo scenario', () => {
    let t: ScaffolderTestBackend;
    beforeAll(async () => {
      t = await startScaffolderTestBackend({
        templates: TEMPLATES,
        // A second release manager, to approve bob's production deployment.
        extraOwnership: {
          'user:default/dave': [
            'user:default/dave',
            'group:default/release-managers',
          ],
        },
      });
    });
    afterAll(async () => {
      await t?.stop();
    });
    beforeEach(() => {
      t.sim.control.clearRequests();
    });

    it('runs deploy-staging as alice, waits, and outputs the build (Jenkins records alice)', async () => {
      const stopClock = t.runClock();
      try {
        const id = await t.createTask(
          'jenkins-run',
          { job: 'payments/deploy-staging', version: '2.4.1' },
          'alice',
        );
        const task = await t.finished(id, 'alice');
        expect(task.status).toBe('completed');
        const { output } = task.completion;
        expect(output).toMatchObject({
          result: 'SUCCESS',
          buildNumber: expect.any(Number),
          queueId: expect.any(Number),
          buildUrl: expect.stringContaining(
            `/job/payments/job/deploy-staging/${output.buildNumber}/`,
          ),
        });

        // Jenkins saw alice (her JWT), once, and recorded her as the cause.
        expect(t.buildPosts()).toEqual([
          { path: STAGING_BUILDS, user: 'alice', status: 201 },
        ]);
        const build = await t.jenkinsGet(
          `/job/payments/job/deploy-staging/${output.buildNumber}/api/json?tree=result,actions[causes[userId],parameters[name,value]]`,
        );
        const causes = build.actions.flatMap((a: any) => a.causes ?? []);
        expect(causes).toContainEqual(
          expect.objectContaining({ userId: 'alice' }),
        );
        const parameters = build.actions.flatMap(
          (a: any) => a.parameters ?? [],
        );
        expect(parameters).toContainEqual(
          expect.objectContaining({ name: 'VERSION', value: '2.4.1' }),
        );
        expect(build.result).toBe('SUCCESS');

        // The audit row says a template did it, as alice.
        const rows = await t.activity('alice');
        expect(rows[0]).toMatchObject({
          actor: expect.objectContaining({ userRef: 'user:default/alice' }),
          action: 'trigger',
          decision: 'allow',
          via: 'template',
          jobFullName: 'payments/deploy-staging',
        });
      } finally {
        stopClock();
      }
    });

    it("fails the step with the policy's reason, without calling Jenkins, when the user may not run the job", async () => {
      const id = await t.createTask(
        'jenkins-run',
        { job: 'payments/deploy-production', version: '2.4.1' },
        'alice',
      );
      const task = await t.finished(id, 'alice');
      expect(task.status).toBe('failed');
      expect(task.completion.error?.message).toContain(
        'Your permission policy does not allow jenkins.job.trigger on payments/deploy-production (production)',
      );
      expect(task.completion.error?.message).toContain('user:default/alice');
      expect(t.buildPosts()).toEqual([]);
      const rows = await t.activity('alice');
      expect(rows[0]).toMatchObject({
        actor: expect.objectContaining({ userRef: 'user:default/alice' }),
        decision: 'deny',
        via: 'template',
        jobFullName: 'payments/deploy-production',
      });
    });

    it('fails the step clearly when the wait runs out, and leaves the build to Jenkins', async () => {
      // The clock stands still: the item stays in its quiet period.
      const id = await t.createTask(
        'jenkins-run',
        {
          job: 'payments/deploy-staging',
          version: '2.4.1',
          timeoutSeconds: 1,
        },
        'alice',
      );
      const task = await t.finished(id, 'alice');
      expect(task.status).toBe('failed');
      expect(task.completion.error?.message).toMatch(
        /^Timed out after 1 s waiting for queue item \d+ of payments\/deploy-staging to start; it goes on in Jenkins/,
      );
      expect(t.buildPosts()).toHaveLength(1);
    });

    it('refuses to act when the task has no user behind it (never as a service)', async () => {
      const id = await t.createTask(
        'jenkins-run',
        { job: 'payments/deploy-staging', version: '2.4.1' },
        { service: 'external:ci-bot' },
      );
      const task = await t.finished(id, { service: 'external:ci-bot' });
      expect(task.status).toBe('failed');
      expect(task.completion.error?.message).toContain(
        'jenkins:build:run runs Jenkins as the person who started the template, but this task has no user credentials',
      );
      expect(t.buildPosts()).toEqual([]);
    });

    it('starts one build when a failed task is retried: the step replays its idempotency key', async () => {
      // First run: queued, then the wait runs out (the clock stands still).
      const id = await t.createTask(
        'jenkins-run-then-wait',
        { version: '2.4.0' },
        'alice',
      );
      const first = await t.finished(id, 'alice');
      expect(first.status).toBe('failed');
      expect(first.completion.error?.message).toContain('Timed out');
      expect(t.buildPosts()).toHaveLength(1);

      // The retry runs both steps again; time moves now.
      const stopClock = t.runClock();
      try {
        await t.retryTask(id, 'alice');
        const second = await t.finished(id, 'alice');
        expect(second.status).toBe('completed');
        expect(second.log.join('\n')).toContain(
          'This step already queued payments/deploy-staging',
        );
        expect(second.completion.output.result).toBe('SUCCESS');
        // Still the one build Jenkins was asked for.
        expect(t.buildPosts()).toHaveLength(1);
      } finally {
        stopClock();
      }
    });

    it('refuses a retry by someone else than the author, instead of starting a second build as them', async () => {
      const id = await t.createTask(
        'jenkins-run-then-wait',
        { version: '2.4.0' },
        'alice',
      );
      expect((await t.finished(id, 'alice')).status).toBe('failed');
      t.sim.control.clearRequests();
      // The demo policy lets anyone read and create tasks.
      await t.retryTask(id, 'bob');
      const second = await t.finished(id, 'bob');
      expect(second.status).toBe('failed');
      expect(second.completion.error?.message).toContain(
        'this task was started by user:default/alice and retried by user:default/bob',
      );
      expect(t.buildPosts()).toEqual([]);
    });

    it("approves bob's pending input step as another release manager, and refuses alice", async () => {
      // bob, a release manager, starts a production deployment through a
      // template; it pauses for its Promote input.
      const deploy = await t.createTask(
        'jenkins-run',
        { job: 'payments/deploy-production', version: '2.4.1', wait: false },
        'bob',
      );
      const queued = await t.finished(deploy, 'bob');
      expect(queued.status).toBe('completed');
      t.sim.control.advance(60_000);
      const paused = await t.jenkinsGet(
        '/job/payments/job/deploy-production/lastBuild/api/json?tree=number,building,result',
      );
      expect(paused).toMatchObject({ building: true, result: null });
      t.sim.control.clearRequests();

      const refused = await t.createTask(
        'jenkins-answer',
        { buildNumber: paused.number, answer: 'approve' },
        'alice',
      );
      const refusedTask = await t.finished(refused, 'alice');
      expect(refusedTask.status).toBe('failed');
      expect(refusedTask.completion.error?.message).toContain(
        'Your permission policy does not allow jenkins.build.approve on payments/deploy-production (production)',
      );
      expect(
        t.sim.control
          .requests({ method: 'POST' })
          .filter(r => r.path.includes('/input/')),
      ).toEqual([]);

      // Another release manager approves it (the demo policy wants four eyes).
      const approved = await t.createTask(
        'jenkins-answer',
        { buildNumber: paused.number, answer: 'approve' },
        'dave',
      );
      const approvedTask = await t.finished(approved, 'dave');
      expect(approvedTask.completion.error?.message).toBeUndefined();
      expect(approvedTask.status).toBe('completed');
      expect(
        t.sim.control
          .requests({ method: 'POST' })
          .filter(r => r.path.includes('/input/'))
          .map(r => r.user),
      ).toEqual(['dave']);
      t.sim.control.advance(120_000);
      const done = await t.jenkinsGet(
        `/job/payments/job/deploy-production/${paused.number}/api/json?tree=result`,
      );
      expect(done.result).toBe('SUCCESS');
    });
  });

  describe('when the build fails', () => {
    let t: ScaffolderTestBackend;
    beforeAll(async () => {
      t = await startScaffolderTestBackend({
        templates: TEMPLATES,
        scenario: failingStagingScenario(),
      });
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('fails the step, naming the build and its result', async () => {
      const stopClock = t.runClock();
      try {
        const id = await t.createTask(
          'jenkins-run',
          { job: 'payments/deploy-staging', version: '2.4.1' },
          'alice',
        );
        const task = await t.finished(id, 'alice');
        expect(task.status).toBe('failed');
        expect(task.completion.error?.message).toMatch(
          /^payments\/deploy-staging #\d+ ended FAILURE: http:\/\/127\.0\.0\.1:\d+\/job\/payments\/job\/deploy-staging\/\d+\/ \(set failOnBuildFailure: false to go on anyway\)$/,
        );
      } finally {
        stopClock();
      }
    });

    it('succeeds with result FAILURE when told not to fail on it', async () => {
      const stopClock = t.runClock();
      try {
        const id = await t.createTask(
          'jenkins-run',
          {
            job: 'payments/deploy-staging',
            version: '2.4.1',
            failOnBuildFailure: false,
          },
          'alice',
        );
        const task = await t.finished(id, 'alice');
        expect(task.status).toBe('completed');
        expect(task.completion.output).toMatchObject({
          result: 'FAILURE',
          buildNumber: expect.any(Number),
        });
      } finally {
        stopClock();
      }
    });
  });
});
