import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** A gate in front of Jenkins; see {@link startJenkinsGate}. */
export interface JenkinsGate {
  /** The gate's base URL: give it to a backend as the instance's `baseUrl`. */
  url: string;
  /** Resolves once `count` requests are held at the gate. */
  held(count: number): Promise<void>;
  /** Lets the held requests through, and every later one. */
  release(): void;
  /** Stops the gate; held requests are dropped. */
  close(): Promise<void>;
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'host'];

function withoutHopByHop(headers: http.IncomingHttpHeaders) {
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([name, value]) =>
        value !== undefined && !HOP_BY_HOP.includes(name.toLowerCase()),
    ),
  ) as http.OutgoingHttpHeaders;
}

/**
 * A barrier for tests of concurrent requests: a plain HTTP proxy in front of
 * the simulator that holds the requests `hold` picks (unanswered, not yet
 * forwarded) until the test calls `release()`, and forwards everything else
 * at once. Jenkins thus sees a held request only after the release, so a
 * test can make sure that whatever must happen while a write is in flight
 * has happened, instead of hoping a latency is long enough.
 * Test support only.
 */
export async function startJenkinsGate(
  jenkinsUrl: string,
  hold: (method: string, path: string) => boolean,
): Promise<JenkinsGate> {
  const target = new URL(jenkinsUrl);
  const agent = new http.Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  let released = false;
  let heldCount = 0;
  const waitingForRelease: Array<() => void> = [];
  const waitingForHeld: Array<{ count: number; resolve: () => void }> = [];

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const upstream = http.request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: withoutHopByHop(req.headers), agent },
      answer => {
        res.writeHead(
          answer.statusCode ?? 502,
          withoutHopByHop(answer.headers),
        );
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://gate').pathname;
    if (released || !hold((req.method ?? 'GET').toUpperCase(), path)) {
      forward(req, res);
      return;
    }
    heldCount++;
    waitingForRelease.push(() => forward(req, res));
    for (const waiter of waitingForHeld.filter(w => heldCount >= w.count)) {
      waiter.resolve();
    }
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    held(count) {
      if (heldCount >= count) {
        return Promise.resolve();
      }
      return new Promise(resolve => waitingForHeld.push({ count, resolve }));
    },
    release() {
      released = true;
      for (const go of waitingForRelease.splice(0)) {
        go();
      }
    },
    async close() {
      agent.destroy();
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) {
          socket.destroy();
        }
      });
    },
  };
}
