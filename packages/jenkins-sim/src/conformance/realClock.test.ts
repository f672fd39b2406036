import { startJenkinsSim } from '../startJenkinsSim';
import { simHttp } from './simHttp';

const scenario = {
  queue: { quietPeriodSeconds: 0, executors: 2 },
  users: [{ id: 'u', apiTokens: ['t'] }],
  roles: {
    global: [
      { name: 'all', permissions: ['Overall/Administer'], users: ['u'] },
    ],
  },
  jobs: [
    {
      name: 'ticking',
      type: 'pipeline',
      stages: [{ name: 'Build', durationSeconds: 30 }],
      trigger: { everyMinutes: 1, cause: 'timer' },
    },
  ],
};

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

// Simulator-only: clock speed and periodic triggers (core TimerTrigger / SCM polling only in spirit).
describe('the real-time clock', () => {
  const u = { basic: ['u', 't'] as [string, string] };

  it('runs builds at the speed factor and fires periodic triggers', async () => {
    // 600x: one simulated minute every 100 ms.
    const sim = await startJenkinsSim({ port: 0, scenario, speed: 600 });
    try {
      await sleep(450);
      const job = (
        await simHttp(
          `${sim.url}/job/ticking/api/json?tree=builds[number,result,actions[causes[shortDescription]]]`,
          u,
        )
      ).json();
      expect(job.builds.length).toBeGreaterThanOrEqual(2);
      expect(
        job.builds[job.builds.length - 1].actions[0].causes[0].shortDescription,
      ).toBe('Started by timer');
      expect(job.builds.some((b: any) => b.result === 'SUCCESS')).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it('never fires triggers on a virtual clock', async () => {
    const sim = await startJenkinsSim({
      port: 0,
      scenario,
      virtualClock: true,
    });
    try {
      sim.control.advance(10 * 60000);
      const job = (
        await simHttp(`${sim.url}/job/ticking/api/json?tree=builds[number]`, u)
      ).json();
      expect(job.builds).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
