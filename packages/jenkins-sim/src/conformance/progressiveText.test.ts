import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { simHttp, token } from './simHttp';

// stapler LargeText#doProgressText / #writeLogTo: while the build runs, an
// answer stops after the last line break among at most MAX_LINES_READ
// (10000) lines, and X-Text-Size is where it stopped; once the build is
// done, it carries everything to the end of the file.
describe('progressiveText of seeded logs', () => {
  let sim: JenkinsSim;
  const alice = { basic: token('alice') };

  beforeAll(async () => {
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  async function runningBuild(): Promise<{ url: string; number: number }> {
    const res = await simHttp(
      `${sim.url}/job/payments/job/deploy-staging/buildWithParameters?delay=0`,
      { method: 'POST', ...alice },
    );
    const executable = (
      await simHttp(`${res.headers.location}api/json`, alice)
    ).json().executable;
    return { url: executable.url, number: executable.number };
  }

  it('holds back a partial last line while the build runs', async () => {
    const { url, number } = await runningBuild();
    sim.control.seedBuildLog(
      'payments/deploy-staging',
      number,
      'one\ntwo\nthr',
    );
    const chunk = await simHttp(`${url}logText/progressiveText?start=0`, alice);
    expect(chunk.text).toBe('one\r\ntwo\r\n');
    expect(chunk.headers['x-text-size']).toBe('8');
    expect(chunk.headers['x-more-data']).toBe('true');
  });

  it('carries at most 10000 lines per answer while the build runs', async () => {
    const { url, number } = await runningBuild();
    const line = 'x'.repeat(9);
    sim.control.seedBuildLog(
      'payments/deploy-staging',
      number,
      `${line}\n`.repeat(12000),
    );
    const first = await simHttp(`${url}logText/progressiveText`, alice);
    expect(first.headers['x-text-size']).toBe(String(10000 * 10));
    expect(first.text.split('\r\n')).toHaveLength(10001);
    const rest = await simHttp(
      `${url}logText/progressiveText?start=100000`,
      alice,
    );
    expect(rest.headers['x-text-size']).toBe(String(12000 * 10));
  });

  it('carries a finished build log to its end, however long', async () => {
    const text = `${'y'.repeat(99)}\n`.repeat(30000);
    sim.control.seedBuildLog('payments/deploy-staging', 40, text);
    const chunk = await simHttp(
      `${sim.url}/job/payments/job/deploy-staging/40/logText/progressiveText`,
      alice,
    );
    expect(chunk.headers['x-text-size']).toBe(String(text.length));
    expect(chunk.headers['x-more-data']).toBeUndefined();
    expect(chunk.text).toBe(text.replace(/\n/g, '\r\n'));
  });

  // Long.parseLong refuses a number beyond a Java long: NumberFormatException, the oops page.
  it('answers 500 to a start beyond a Java long', async () => {
    const res = await simHttp(
      `${sim.url}/job/payments/job/deploy-staging/40/logText/progressiveText?start=9223372036854775808`,
      alice,
    );
    expect(res.status).toBe(500);
    const ok = await simHttp(
      `${sim.url}/job/payments/job/deploy-staging/40/logText/progressiveText?start=9223372036854775807`,
      alice,
    );
    expect(ok.status).toBe(200);
  });
});
