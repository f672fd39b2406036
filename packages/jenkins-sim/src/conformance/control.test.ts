import http from 'node:http';
import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { simHttp, token } from './simHttp';

// Simulator-only: the /__sim/ control API, faults and request log have no Jenkins counterpart.
describe('control API: faults, request log, clock and realm', () => {
  let sim: JenkinsSim;
  const admin = { basic: token('admin') };

  beforeAll(async () => {
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  it('adds latency to matching requests', async () => {
    sim.control.injectFault({
      path: '^/api/json$',
      kind: 'latency',
      latencyMs: 150,
    });
    const started = Date.now();
    const res = await simHttp(`${sim.url}/api/json`, admin);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers with an injected status only N times', async () => {
    sim.control.injectFault({
      path: '/job/payments/',
      kind: 'status',
      status: 503,
      times: 2,
    });
    const url = `${sim.url}/job/payments/api/json`;
    expect((await simHttp(url, admin)).status).toBe(503);
    expect((await simHttp(url, admin)).status).toBe(503);
    expect((await simHttp(url, admin)).status).toBe(200);
    expect(sim.control.faults()).toEqual([]);
  });

  it('sends a malformed JSON body', async () => {
    sim.control.injectFault({ path: 'api/json', kind: 'malformed' });
    const res = await simHttp(`${sim.url}/api/json`, admin);
    expect(res.status).toBe(200);
    expect(() => res.json()).toThrow();
  });

  it('resets the connection', async () => {
    sim.control.injectFault({ path: 'api/json', kind: 'reset' });
    await expect(simHttp(`${sim.url}/api/json`, admin)).rejects.toThrow(
      /ECONNRESET|socket hang up/,
    );
  });

  it('hangs until the client gives up', async () => {
    sim.control.injectFault({ path: 'api/json', kind: 'hang', method: 'GET' });
    const outcome = await new Promise<string>(resolve => {
      const req = http.get(
        `${sim.url}/api/json`,
        { agent: false, timeout: 200 },
        () => resolve('answered'),
      );
      req.on('timeout', () => {
        req.destroy();
        resolve('timeout');
      });
      req.on('error', () => undefined);
    });
    expect(outcome).toBe('timeout');
  });

  it('lists and clears faults', async () => {
    const id = sim.control.injectFault({
      path: 'x',
      kind: 'status',
      status: 500,
    });
    expect(sim.control.faults()).toEqual([
      expect.objectContaining({ id, kind: 'status', hits: 0 }),
    ]);
    sim.control.clearFaults();
    expect(sim.control.faults()).toEqual([]);
    expect(() =>
      sim.control.injectFault({ path: 'x', kind: 'bogus' as any }),
    ).toThrow(/Unknown fault kind/);
  });

  it('logs requests with user, groups, realm and crumb state, and counts them', async () => {
    await simHttp(`${sim.url}/job/payments/api/json?tree=name`, {
      basic: token('alice'),
    });
    await simHttp(`${sim.url}/api/json`);
    const log = sim.control.requests();
    expect(log).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/job/payments/api/json',
        query: { tree: 'name' },
        status: 200,
        user: 'alice',
        groups: ['team-payments'],
        realm: 'basic',
        crumb: 'not-required',
      }),
      expect.objectContaining({
        path: '/api/json',
        status: 403,
        user: 'anonymous',
        realm: 'anonymous',
      }),
    ]);
    expect(sim.control.requests({ user: 'alice' })).toHaveLength(1);
    expect(sim.control.counters()).toMatchObject({
      total: 2,
      byStatus: { 200: 1, 403: 1 },
      byRealm: { basic: 1, anonymous: 1 },
    });
    sim.control.clearRequests();
    expect(sim.control.counters().total).toBe(0);
  });

  it('offers the same operations over HTTP under /__sim/ without logging them', async () => {
    const post = (path: string, body: unknown) =>
      simHttp(`${sim.url}/__sim/${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json' },
      });
    const fault = await post('faults', {
      path: '^/api/json$',
      kind: 'status',
      status: 502,
    });
    expect(fault.status).toBe(201);
    expect((await simHttp(`${sim.url}/api/json`, admin)).status).toBe(502);
    const id = fault.json().id;
    expect(
      (await simHttp(`${sim.url}/__sim/faults/${id}`, { method: 'DELETE' }))
        .status,
    ).toBe(200);
    const clock = (await simHttp(`${sim.url}/__sim/clock`)).json();
    const advanced = (await post('clock/advance', { ms: 60000 })).json();
    expect(advanced.now).toBe(clock.now + 60000);
    const realm = (
      await post('realm', {
        proxyHeaders: { enabled: true },
        jwt: { jwksUrl: 'http://127.0.0.1:1/jwks' },
      })
    ).json();
    expect(realm.proxyHeaders.enabled).toBe(true);
    expect(realm.jwt.jwksUrl).toBe('http://127.0.0.1:1/jwks');
    expect(realm.jwt.acceptedIssuer).toBe('backstage');
    const requests = (await simHttp(`${sim.url}/__sim/requests`)).json();
    expect(requests.map((r: any) => r.path)).toEqual(['/api/json']);
    expect((await simHttp(`${sim.url}/__sim/counters`)).json().total).toBe(1);
    expect((await post('reset', {})).status).toBe(200);
    expect(
      (await simHttp(`${sim.url}/__sim/realm`)).json().proxyHeaders.enabled,
    ).toBe(false);
    const bad = await post('scenario', {
      scenario: { jobs: [{ name: 'x', type: 'nope' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json().error).toContain('jobs[0].type');
    expect((await post('scenario', { name: 'demo' })).json()).toEqual({
      ok: true,
      scenario: 'demo',
    });
  });

  it('can run without the HTTP control API', async () => {
    const quiet = await startJenkinsSim({
      port: 0,
      control: false,
      virtualClock: true,
    });
    try {
      const res = await simHttp(`${quiet.url}/__sim/counters`, admin);
      expect(res.status).toBe(404);
      expect(quiet.control.requests()[0].path).toBe('/__sim/counters');
    } finally {
      await quiet.close();
    }
  });

  it('keeps runtime realm changes across reset when asked', () => {
    sim.control.configureRealm({ proxyHeaders: { enabled: true } });
    sim.control.reset({ keepRealm: true });
    expect(sim.control.realm().proxyHeaders.enabled).toBe(true);
    sim.control.reset();
    expect(sim.control.realm().proxyHeaders.enabled).toBe(false);
  });
});
