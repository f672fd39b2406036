import { startJenkinsSim, JenkinsSim } from '@internal/jenkins-sim';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  as,
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

const MAIN = 'payments/payments-service/main';
const ARTIFACT = 'build/reports/contract/index.html';
const SIZE = 8 * 1024 * 1024;
const FIRST_PART = 1024 * 1024;

/**
 * A proxy in front of the simulator that answers the artifact download
 * itself, as a Jenkins on a slow link would: headers and the first MiB of
 * an 8 MiB file, then nothing until the test has seen those bytes arrive
 * at the client. A backend that buffered the file before answering would
 * never deliver them, and the test would time out.
 */
async function startSlowArtifactProxy(sim: JenkinsSim) {
  let releaseRest!: () => void;
  const rest = new Promise<void>(resolve => {
    releaseRest = resolve;
  });
  const target = new URL(sim.url);
  const server = http.createServer((req, res) => {
    if (req.url?.includes(`/artifact/${ARTIFACT}`)) {
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(SIZE),
      });
      res.write(Buffer.alloc(FIRST_PART, 0x61));
      rest.then(() => res.end(Buffer.alloc(SIZE - FIRST_PART, 0x62)));
      return;
    }
    const upstream = http.request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: { ...req.headers, host: target.host } },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    releaseRest,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('artifact downloads', () => {
  let sim: JenkinsSim;
  let proxy: Awaited<ReturnType<typeof startSlowArtifactProxy>>;
  let env: JenkinsTestBackend;

  beforeAll(async () => {
    sim = await startJenkinsSim({
      port: 0,
      scenario: 'demo',
      virtualClock: true,
    });
    proxy = await startSlowArtifactProxy(sim);
    env = await startJenkinsTestBackend({
      sim,
      strategy: 'service-account',
      instance: { baseUrl: proxy.url },
    });
  });
  afterAll(async () => {
    await env?.close();
    await proxy?.close();
    await sim?.close();
  });

  it('streams a multi-MB artifact through as Jenkins sends it, never buffered whole', async () => {
    const url = new URL(
      `/api/jenkins${PAYMENTS}/jobs/${jobIdOf(
        MAIN,
      )}/builds/149/artifacts/download?path=${encodeURIComponent(ARTIFACT)}`,
      env.backendUrl,
    );
    const received = await new Promise<{
      headers: http.IncomingHttpHeaders;
      firstBytes: number;
      total: number;
    }>((resolve, reject) => {
      const req = http.get(url, { headers: as('alice') }, res => {
        let total = 0;
        let firstBytes = 0;
        res.on('data', (chunk: Buffer) => {
          total += chunk.length;
          // The first MiB arrived while Jenkins still holds the rest.
          if (firstBytes === 0 && total >= FIRST_PART) {
            firstBytes = total;
            proxy.releaseRest();
          }
        });
        res.on('end', () =>
          resolve({ headers: res.headers, firstBytes, total }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
    });
    expect(received.firstBytes).toBeGreaterThanOrEqual(FIRST_PART);
    expect(received.firstBytes).toBeLessThan(SIZE);
    expect(received.total).toBe(SIZE);
    expect(received.headers['content-length']).toBe(String(SIZE));
    expect(received.headers['content-type']).toBe('application/octet-stream');
    expect(received.headers['content-disposition']).toBe(
      `attachment; filename="index.html"; filename*=UTF-8''index.html`,
    );
  });
});
