import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the receiver got. */
export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** How the receiver answers the next request: a status, or a reset connection. */
export type ReceiverAnswer = number | 'reset';

/**
 * A local HTTP server standing in for Backstage's webhook: records every
 * request and answers 200 unless told otherwise for the next ones.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly answers: ReceiverAnswer[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const answer = this.answers.shift() ?? 200;
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      this.received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        raw,
        body: raw ? JSON.parse(raw) : undefined,
      });
      res.writeHead(answer, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });

  async start(): Promise<this> {
    await new Promise<void>(resolve =>
      this.server.listen(0, '127.0.0.1', resolve),
    );
    return this;
  }

  /** `127.0.0.1:<port>` */
  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues answers for the next requests (then 200 again). */
  answerNext(...answers: ReceiverAnswer[]) {
    this.answers.push(...answers);
  }

  phases(): string[] {
    return this.received.map(
      r => `${r.body.name}#${r.body.build.number} ${r.body.build.phase}`,
    );
  }

  clear() {
    this.received.length = 0;
    this.answers.length = 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise(resolve => this.server.close(() => resolve()));
  }
}
