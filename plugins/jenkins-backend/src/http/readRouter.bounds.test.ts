import { MAX_LOG_CHUNK_BYTES } from '@internal/plugin-jenkins-common';
import http from 'node:http';
import {
  as,
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
  STAGING,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

const BUILDS = `${PAYMENTS}/jobs/${jobIdOf(STAGING)}/builds`;

/** A plain log of about 3 MiB: numbered lines of 100 bytes. */
function bigLog(lines = 31000): string {
  let text = '';
  for (let i = 0; i < lines; i++) {
    text += `${String(i).padStart(8, '0')} ${'x'.repeat(90)}\n`;
  }
  return text;
}

describe('one person cannot take Jenkins away from everyone', () => {
  let env: JenkinsTestBackend;

  afterEach(async () => {
    await env?.close();
  });

  it("never opens the breaker for others over one person's bad requests or one retried read", async () => {
    env = await startJenkinsTestBackend({
      strategy: 'proxy-headers',
      instance: {
        circuitBreaker: { failureThreshold: 2, resetAfterMs: 60_000 },
      },
      timeouts: { cacheTtlSeconds: 0 },
    });
    const bad = [
      // Jenkins answers 404: no such build.
      `${BUILDS}/99999`,
      `${BUILDS}/99999/log`,
      // Refused here (400) before Jenkins: offsets Jenkins cannot parse
      // (Long.parseLong answers those with a 500), foreign cursors.
      `${BUILDS}/40/log?start=100000000000000000000000`,
      `${BUILDS}/40/log?start=9223372036854775808`,
      `${BUILDS}?cursor=${Buffer.from('999999999.1').toString('base64url')}`,
      `${BUILDS}?cursor=bm9wZQ`,
    ];
    for (let round = 0; round < 3; round++) {
      for (const path of bad) {
        const res = await env.get(path, 'user:default/bob');
        expect([400, 404]).toContain(res.status);
      }
    }
    // One read Jenkins fails, retried once: one failure, not two.
    env.sim.control.injectFault({
      path: '^/job/payments/job/deploy-staging/39/',
      kind: 'status',
      status: 500,
    });
    expect((await env.get(`${BUILDS}/39/log`, 'user:default/bob')).status).toBe(
      502,
    );
    const res = await env.get(`${BUILDS}/40`);
    expect(res.status).toBe(200);
    expect(res.body.number).toBe(40);
  });

  it('answers a log in chunks of at most 1 MiB that add up to the whole log', async () => {
    env = await startJenkinsTestBackend({
      strategy: 'proxy-headers',
      timeouts: { cacheTtlSeconds: 0 },
    });
    const log = bigLog();
    env.sim.control.seedBuildLog(STAGING, 40, log);
    const texts: string[] = [];
    let start = 0;
    for (let i = 0; i < 10; i++) {
      const res = await env.get(`${BUILDS}/40/log?start=${start}`);
      expect(res.status).toBe(200);
      expect(Buffer.byteLength(res.body.text)).toBeLessThanOrEqual(
        MAX_LOG_CHUNK_BYTES,
      );
      texts.push(res.body.text);
      expect(res.body.more).toBe(false);
      expect(res.body.nextStart).toBeGreaterThan(start);
      start = res.body.nextStart;
      if (!res.body.hasMore) {
        break;
      }
    }
    expect(texts.length).toBeGreaterThanOrEqual(3);
    expect(start).toBe(Buffer.byteLength(log));
    // Jenkins' LineEndNormalizingWriter sends each \n as \r\n.
    expect(texts.join('')).toBe(log.replace(/\n/g, '\r\n'));
  });

  it('streams the whole log as a download, after the log permission check', async () => {
    env = await startJenkinsTestBackend({
      strategy: 'proxy-headers',
      policy: (permission, userRef) =>
        permission === 'jenkins.build.logs.read' &&
        userRef === 'user:default/mallory'
          ? 'deny'
          : 'allow',
    });
    const log = bigLog();
    env.sim.control.seedBuildLog(STAGING, 40, log);

    const denied = await env.get(
      `${BUILDS}/40/log/download`,
      'user:default/mallory',
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/jenkins\.build\.logs\.read/);
    expect(
      env.jenkinsRequests().filter(r => /consoleText/.test(r.path)),
    ).toEqual([]);

    // Read with plain http to see how the body arrives.
    const url = new URL(`/api/jenkins${BUILDS}/40/log/download`, env.baseUrl);
    const { headers, chunks, body } = await new Promise<{
      headers: http.IncomingHttpHeaders;
      chunks: number;
      body: string;
    }>((resolve, reject) => {
      http
        .get(url, { headers: as('alice') }, res => {
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('end', () =>
            resolve({
              headers: res.headers,
              chunks: parts.length,
              body: Buffer.concat(parts).toString('utf8'),
            }),
          );
          res.on('error', reject);
        })
        .on('error', reject);
    });
    expect(headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(headers['content-disposition']).toBe(
      'attachment; filename="deploy-staging-40.log"',
    );
    // Streamed, not buffered: no length known up front, many pieces.
    expect(headers['transfer-encoding']).toBe('chunked');
    expect(headers['content-length']).toBeUndefined();
    expect(chunks).toBeGreaterThan(1);
    expect(body).toBe(log);
  });

  it('refuses a builds cursor beyond the job history without asking Jenkins for that range', async () => {
    env = await startJenkinsTestBackend({
      strategy: 'proxy-headers',
      timeouts: { cacheTtlSeconds: 0 },
    });
    const beyond = Buffer.from('5000.1').toString('base64url');
    const res = await env.get(`${BUILDS}?cursor=${beyond}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /cursor: lies beyond the builds of this job \(its newest is #\d+\); start again from the first page/,
    );
    const trees = env.jenkinsRequests().map(r => r.query.tree);
    expect(trees).toEqual(['lastBuild[number]']);

    // Paging with the cursors the service issues still works.
    const first = await env.get(`${BUILDS}?limit=20`);
    expect(first.status).toBe(200);
    const second = await env.get(
      `${BUILDS}?limit=20&cursor=${first.body.nextCursor}`,
    );
    expect(second.status).toBe(200);
    expect(second.body.items[0].number).toBe(first.body.items[19].number - 1);
  });
});
