import { JenkinsSim, RequestLogEntry } from '@internal/jenkins-sim';
import http from 'node:http';
import { FuzzCase } from './fuzzCase';
import { SecretWatch } from './SecretWatch';

/** A fuzz request's answer. */
export interface FuzzAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A broken promise, with the request that broke it. */
export interface FuzzFinding {
  problem: string;
  status: number;
  label: string;
  method: string;
  path: string;
}

const MAX_ANSWER = 4 * 1024 * 1024;

/**
 * Runs generated requests against a backend in front of the simulator and
 * checks each answer: no 5xx, a message on every 4xx, a 4xx for input that
 * is invalid by construction, no secret anywhere in the answer, and no
 * Jenkins request (or no Jenkins write) caused by invalid input. Valid
 * requests run concurrently; invalid ones in small concurrent batches that
 * must leave the simulator's log empty, and one at a time when one does not,
 * so that every Jenkins request is pinned to the request that caused it.
 * Test support only.
 */
export class FuzzRunner {
  readonly findings: FuzzFinding[] = [];
  readonly statuses: Record<string, number> = {};
  /** Statuses by expectation and route, e.g. `any POST trigger`. */
  readonly byRoute: Record<string, Record<string, number>> = {};
  sent = 0;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  constructor(
    private readonly backendUrl: string,
    private readonly sim: JenkinsSim,
    private readonly secrets: SecretWatch,
  ) {}

  close() {
    this.agent.destroy();
  }

  /** Sends one request as is: no normalising of the path, raw body. */
  send(c: FuzzCase): Promise<FuzzAnswer> {
    const url = new URL(this.backendUrl);
    this.sent++;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: c.method,
          path: c.path,
          // Node sends a DELETE's body unframed without Content-Length.
          headers:
            c.body === undefined
              ? c.headers
              : { ...c.headers, 'Content-Length': Buffer.byteLength(c.body) },
          agent: this.agent,
        },
        res => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_ANSWER) chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('no answer in 30 s')));
      req.on('error', reject);
      req.end(c.body);
    });
  }

  /** Takes what the simulator logged since the last call. */
  private drainJenkinsLog() {
    const entries = this.sim.control.requests();
    this.sim.control.clearRequests();
    this.secrets.learn(entries);
    return entries;
  }

  private report(c: FuzzCase, status: number, problem: string) {
    this.findings.push({
      problem,
      status,
      label: c.label,
      method: c.method,
      path: c.path.slice(0, 300),
    });
  }

  /** Checks one answer; the Jenkins log is checked by the caller. */
  private check(c: FuzzCase, answer: FuzzAnswer | Error) {
    if (answer instanceof Error) {
      this.report(c, 0, `no answer: ${answer.message}`);
      return;
    }
    const { status } = answer;
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    const route = `${c.expect} ${c.label.split(' ').slice(0, 2).join(' ')}`;
    this.byRoute[route] ??= {};
    this.byRoute[route][status] = (this.byRoute[route][status] ?? 0) + 1;
    if (status >= 500) {
      this.report(c, status, `server error: ${answer.text.slice(0, 300)}`);
    }
    if (status >= 400 && status < 500) {
      let message: unknown;
      try {
        message = JSON.parse(answer.text)?.error?.message;
      } catch {
        message = undefined;
      }
      if (typeof message !== 'string' || message.trim() === '') {
        this.report(
          c,
          status,
          `4xx without error.message: ${answer.text.slice(0, 200)}`,
        );
      }
    }
    if (c.expect !== 'any' && (status < 400 || status >= 500)) {
      this.report(
        c,
        status,
        `invalid input (${c.expect}) not refused with 4xx`,
      );
    }
    const leaks = this.secrets.leaksIn(
      `${JSON.stringify(answer.headers)}\n${answer.text}`,
    );
    if (leaks.length) {
      this.report(
        c,
        status,
        `secret in the answer: ${leaks
          .map(l => `${l.slice(0, 12)}…`)
          .join(', ')}`,
      );
    }
  }

  private async all(cases: FuzzCase[], concurrency: number) {
    const answers: Array<FuzzAnswer | Error> = new Array(cases.length);
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const index = next++;
        answers[index] = await this.send(cases[index]).catch((e: Error) => e);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return answers;
  }

  /** Valid requests, `concurrency` at a time, checked in chunks. */
  async runValid(cases: FuzzCase[], concurrency: number) {
    for (let i = 0; i < cases.length; i += concurrency * 8) {
      const chunk = cases.slice(i, i + concurrency * 8);
      const answers = await this.all(chunk, concurrency);
      // Learn the credentials these requests made first, then look for them.
      this.drainJenkinsLog();
      chunk.forEach((c, k) => this.check(c, answers[k]));
    }
  }

  /** Waits until Jenkins hears nothing more from earlier requests. */
  async settle(quietMs = 300, maxMs = 10_000) {
    const until = Date.now() + maxMs;
    while (Date.now() < until) {
      await new Promise(resolve => setTimeout(resolve, quietMs));
      if (this.drainJenkinsLog().length === 0) return;
    }
  }

  /**
   * Invalid requests in batches that must leave the simulator's log empty
   * (`noWrite` ones, in batches of their own, free of writes); a batch that
   * does not is sent again one request at a time to find the culprit. Call
   * when nothing else is in flight (see `settle`), so that every logged
   * request belongs to this batch.
   */
  async runInvalid(cases: FuzzCase[], batchSize: number) {
    await this.settle();
    for (const expect of ['refused', 'noWrite'] as const) {
      const group = cases.filter(c => c.expect === expect);
      for (let i = 0; i < group.length; i += batchSize) {
        await this.runBatch(group.slice(i, i + batchSize), expect);
      }
    }
  }

  private forbidden(expect: 'refused' | 'noWrite', logged: RequestLogEntry[]) {
    return expect === 'noWrite'
      ? logged.filter(e => e.method !== 'GET' && e.method !== 'HEAD')
      : logged;
  }

  private async runBatch(batch: FuzzCase[], expect: 'refused' | 'noWrite') {
    const answers = await this.all(batch, batch.length);
    const logged = this.drainJenkinsLog();
    batch.forEach((c, k) => this.check(c, answers[k]));
    if (this.forbidden(expect, logged).length === 0) return;
    for (const c of batch) {
      await this.send(c).catch(() => undefined);
      const alone = this.forbidden(expect, this.drainJenkinsLog());
      if (alone.length) {
        this.report(
          c,
          0,
          `Jenkins was called for ${expect} input: ${alone
            .map(e => `${e.method} ${e.path}`)
            .join(', ')
            .slice(0, 300)}`,
        );
      }
    }
  }
}
