import http from 'node:http';
import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { crumbHeaders, simHttp, token } from './simHttp';

/**
 * The faults a client of Jenkins must survive beyond plain errors: JSON of
 * the wrong shape, an expired session, and a POST that took effect although
 * its answer never arrived. Each imitates something real Jenkins (or what
 * stands in front of it) does; the comments name it.
 */
describe('fault kinds imitating Jenkins in trouble', () => {
  let sim: JenkinsSim;
  const admin = { basic: token('admin') };
  const proxy = {
    headers: {
      'X-Forwarded-User': 'alice',
      'X-Forwarded-Groups': 'team-payments',
    },
  };
  const trigger = '/job/payments/job/deploy-staging/buildWithParameters';

  beforeAll(async () => {
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  /** Sends a request and says whether it was answered or what became of it. */
  function outcomeOf(
    path: string,
    options: { method?: string; headers?: Record<string, string> },
  ): Promise<string> {
    return new Promise(resolve => {
      const req = http.request(
        `${sim.url}${path}`,
        {
          method: options.method ?? 'GET',
          headers: options.headers,
          agent: false,
          timeout: 300,
        },
        res => resolve(`answered ${res.statusCode}`),
      );
      req.on('timeout', () => {
        req.destroy();
        resolve('timeout');
      });
      req.on('error', e => resolve((e as NodeJS.ErrnoException).code ?? 'x'));
      req.end();
    });
  }

  // A plugin or a proxy answering 200 with other JSON (e.g. an error object,
  // or a field Jenkins renamed between versions): the body parses, but is
  // not what `tree=` asked for.
  it('answers 200 with well-formed JSON of the wrong shape', async () => {
    sim.control.injectFault({ path: '/api/json$', kind: 'json' });
    const res = await simHttp(`${sim.url}/job/payments/api/json`, admin);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Array.isArray(res.json().builds)).toBe(false);
  });

  it('sends the given JSON, and refuses a json fault whose body is not JSON', async () => {
    sim.control.injectFault({ path: '/api/json$', kind: 'json', body: '[]' });
    expect((await simHttp(`${sim.url}/api/json`, admin)).json()).toEqual([]);
    expect(() =>
      sim.control.injectFault({ path: '.', kind: 'json', body: '{' }),
    ).toThrow(/needs a body that is JSON/);
  });

  // core DefaultCrumbIssuer binds the crumb to the HTTP session; when the
  // session times out (or Jenkins restarts) CrumbFilter answers 403 "No valid
  // crumb was included in the request", and a fresh crumb works again.
  it('expires the session, so a crumb fetched before is refused once', async () => {
    sim.control.configureRealm({ proxyHeaders: { enabled: true } });
    sim.control.injectFault({
      path: trigger,
      method: 'POST',
      kind: 'expireCrumb',
      times: 1,
    });
    const stale = await crumbHeaders(sim.url, proxy);
    const refused = await simHttp(`${sim.url}${trigger}`, {
      method: 'POST',
      headers: { ...proxy.headers, ...stale },
    });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain(
      'No valid crumb was included in the request',
    );
    const fresh = await crumbHeaders(sim.url, proxy);
    const accepted = await simHttp(`${sim.url}${trigger}`, {
      method: 'POST',
      headers: { ...proxy.headers, ...fresh },
    });
    expect(accepted.status).toBe(201);
  });

  // A reverse proxy's read timeout (or a dropped connection) after Jenkins
  // queued the build: the client hears nothing, yet the build exists.
  it.each([
    ['applyThenHang', 'timeout'],
    ['applyThenReset', 'ECONNRESET'],
  ] as const)(
    '%s serves the POST, then the answer is lost (%s)',
    async (kind, lost) => {
      sim.control.injectFault({ path: trigger, method: 'POST', kind });
      const auth = `Basic ${Buffer.from('alice:alice-token').toString(
        'base64',
      )}`;
      const outcome = await outcomeOf(trigger, {
        method: 'POST',
        headers: { Authorization: auth },
      });
      expect(outcome).toBe(lost);
      expect(sim.control.requests({ method: 'POST' })).toEqual([
        expect.objectContaining({ path: trigger, status: 201 }),
      ]);
      const queue = await simHttp(`${sim.url}/queue/api/json`, admin);
      expect(queue.json().items).toHaveLength(1);
    },
  );

  it('logs the credentials each request carried', async () => {
    const crumb = await crumbHeaders(sim.url, admin);
    await simHttp(`${sim.url}/api/json`, {
      ...admin,
      headers: crumb,
    });
    const [, served] = sim.control.requests();
    expect(served.sent).toEqual({
      authorization: `Basic ${Buffer.from('admin:admin-token').toString(
        'base64',
      )}`,
      cookie: crumb.Cookie,
      crumb: crumb['Jenkins-Crumb'],
    });
  });
});
