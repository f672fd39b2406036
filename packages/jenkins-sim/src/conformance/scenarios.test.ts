import {
  loadScenario,
  ScenarioValidationError,
  validateScenario,
} from '../scenario/loadScenario';
import { startJenkinsSim } from '../startJenkinsSim';
import { simHttp, token } from './simHttp';

// Simulator-only (scenario loading), except where a test names its Jenkins source.
describe('scenarios', () => {
  it('names the path of a bad field', () => {
    const attempt = () =>
      validateScenario({
        jobs: [
          { name: 'a', type: 'freestyle' },
          { name: 'b', type: 'freestyle' },
          { name: 'c', type: 'freestyle' },
          {
            name: 'd',
            type: 'pipeline',
            parameters: [{ name: 'P', type: 'number' }],
          },
        ],
      });
    expect(attempt).toThrow(ScenarioValidationError);
    expect(attempt).toThrow(/jobs\[3\]\.parameters\[0\]\.type: Invalid option/);
  });

  it('rejects unknown keys and wrong types with their paths', () => {
    let issues: string[] = [];
    try {
      validateScenario({
        queue: { executors: 'two' },
        users: [{ id: 'x', grups: [] }],
      });
    } catch (e) {
      issues = (e as ScenarioValidationError).issues;
    }
    expect(issues.some(i => i.startsWith('queue.executors:'))).toBe(true);
    expect(issues.some(i => i.startsWith('users[0]'))).toBe(true);
  });

  it('loads the shipped demo scenario', () => {
    const demo = loadScenario('demo');
    expect(demo.users.map(u => u.id)).toEqual([
      'alice',
      'bob',
      // A second release manager (approves deploys bob starts).
      'dana',
      'carol',
      'admin',
      // Backstage's read identity for `reads: verified` (app-config.yaml).
      'backstage-reader',
    ]);
    expect(demo.realm.jwt).toMatchObject({
      jwksUrl: 'http://localhost:7007/api/jenkins/.well-known/jwks.json',
      acceptedIssuer: 'backstage',
      acceptedAudience: 'jenkins',
      userClaim: 'preferred_username',
      groupsClaim: 'groups',
    });
    expect(demo.realm.proxyHeaders.enabled).toBe(false);
  });

  it('fails clearly for an unknown scenario name', () => {
    expect(() => loadScenario('no-such-scenario')).toThrow(
      /Unknown scenario 'no-such-scenario'/,
    );
  });

  it('starts the large scenario quickly and serves 2,000 branches and 10,000 builds', async () => {
    const started = Date.now();
    const sim = await startJenkinsSim({
      port: 0,
      scenario: 'large',
      virtualClock: true,
    });
    try {
      expect(Date.now() - started).toBeLessThan(3000);
      const admin = { basic: token('admin') };
      const mono = (
        await simHttp(
          `${sim.url}/job/big/job/monorepo/api/json?tree=jobs[name]`,
          admin,
        )
      ).json();
      expect(mono.jobs).toHaveLength(2000);
      // Sorted by name like Jenkins' item maps: branch-0, branch-1, branch-10, …
      expect(mono.jobs[2].name).toBe('feature%2Fbranch-10');
      expect(mono.jobs[1999].name).toBe('feature%2Fbranch-999');
      const busy = (
        await simHttp(
          `${sim.url}/job/big/job/busy-job/api/json?tree=allBuilds[number]{9990,}`,
          admin,
        )
      ).json();
      expect(busy.allBuilds.map((b: any) => b.number)).toEqual([
        10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
      ]);
    } finally {
      await sim.close();
    }
  });

  // cloudbees-folder AbstractFolder#items: CopyOnWriteMap.Tree(String.CASE_INSENSITIVE_ORDER);
  // `itemOrder: declared` is a simulator-only escape hatch.
  it('lists folder items sorted by name, ignoring case, unless the scenario keeps the declared order', async () => {
    const jobs = ['b', 'C', 'a'].map(name => ({
      name: `f/${name}`,
      type: 'freestyle',
    }));
    const base = {
      users: [{ id: 'u', apiTokens: ['t'] }],
      roles: {
        global: [
          { name: 'r', permissions: ['Overall/Administer'], users: ['u'] },
        ],
      },
      jobs,
    };
    const sim = await startJenkinsSim({
      port: 0,
      virtualClock: true,
      scenario: base,
    });
    try {
      const u = { basic: ['u', 't'] as [string, string] };
      const names = async () =>
        (await simHttp(`${sim.url}/job/f/api/json?tree=jobs[name]`, u))
          .json()
          .jobs.map((j: any) => j.name);
      expect(await names()).toEqual(['a', 'b', 'C']);
      sim.control.loadScenario({ ...base, itemOrder: 'declared' });
      expect(await names()).toEqual(['b', 'C', 'a']);
    } finally {
      await sim.close();
    }
  });

  // core Jenkins#getItems (items the caller may read) and TimerTrigger.TimerTriggerCause.
  it('shows the demo jobs to an authenticated reader', async () => {
    const sim = await startJenkinsSim({ port: 0, virtualClock: true });
    try {
      const root = (
        await simHttp(`${sim.url}/api/json?tree=jobs[name,jobs[name,color]]`, {
          basic: token('carol'),
        })
      ).json();
      expect(root.jobs.map((j: any) => j.name)).toEqual([
        'payments',
        'platform',
      ]);
      const platform = root.jobs[1].jobs;
      expect(platform).toContainEqual({
        _class: 'hudson.model.FreeStyleProject',
        name: 'legacy-deploy',
        color: 'disabled',
      });
      const backup = (
        await simHttp(
          `${sim.url}/job/platform/job/nightly-backup/lastBuild/api/json?tree=actions[causes[*]]`,
          { basic: token('carol') },
        )
      ).json();
      expect(backup.actions.find((a: any) => a.causes).causes[0]).toEqual({
        _class: 'hudson.triggers.TimerTrigger$TimerTriggerCause',
        shortDescription: 'Started by timer',
      });
    } finally {
      await sim.close();
    }
  });
});
