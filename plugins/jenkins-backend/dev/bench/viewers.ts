/*
 * The bench's viewers: each one a browser of its own (its own keep-alive
 * connections, at most 6 to the backend, its own HTTP cache of ETags) that
 * opens an entity's Jenkins tab and reloads it as soon as it has painted,
 * until the run's time is up.
 *
 * A page view is what the tab fetches before it has painted:
 *   tab      GET …/jobs, then in parallel the selected job's
 *            builds?limit=10 (builds table), builds?limit=20 (trend) and the
 *            entity's activity?limit=10 (what plugins/jenkins does today);
 *   overview GET …/overview (one route, if the backend has it).
 * A view fails if a request answers other than 2xx/304, breaks, or takes
 * more than the timeout (20 s).
 */
import http from 'node:http';

export type ViewKind = 'tab' | 'overview';

export interface ViewerOptions {
  base: string;
  entityPath: string;
  viewers: number;
  seconds: number;
  rampSeconds: number;
  view: ViewKind;
  timeoutMs: number;
  /** Authorization header of viewer i. */
  authorization: (i: number) => string;
}

export interface ViewerResults {
  viewMs: number[];
  /** Each viewer's first (cold) page view, failed ones included (ms). */
  firstViewMs: number[];
  failedViews: number;
  statuses: Record<string, number>;
  firstError?: string;
  /** Jobs listed by the first successful first-paint answer. */
  jobs: number;
  elapsedSeconds: number;
}

interface Answer {
  status: number;
  body?: unknown;
}

class Browser {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  readonly #etags = new Map<string, { etag: string; body: unknown }>();

  constructor(
    private readonly authorization: string,
    private readonly timeoutMs: number,
  ) {}

  get(url: string): Promise<Answer> {
    const cached = this.#etags.get(url);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: this.authorization,
    };
    if (cached) {
      headers['If-None-Match'] = cached.etag;
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const req = http.get(url, { agent: this.#agent, headers }, res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          const status = res.statusCode ?? 0;
          if (status === 304 && cached) {
            resolve({ status, body: cached.body });
            return;
          }
          let body: unknown;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            body = undefined;
          }
          const etag = res.headers.etag;
          if (status === 200 && typeof etag === 'string') {
            this.#etags.set(url, { etag, body });
          }
          resolve({ status, body });
        });
      });
      timer = setTimeout(() => {
        req.destroy(new Error(`timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      req.on('error', error => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  close() {
    this.#agent.destroy();
  }
}

interface JobLike {
  id: string;
  name?: string;
  kind?: string;
  branches?: Array<{ id: string; name: string }>;
}

/** The job the tab shows first: the first job, a multibranch one's main branch. */
function selectedJobId(jobs: JobLike[]): string | undefined {
  const job = jobs[0];
  if (!job) {
    return undefined;
  }
  const branches = job.kind === 'multibranch' ? job.branches ?? [] : [];
  const branch =
    branches.find(b => b.name === 'main') ??
    branches.find(b => b.name === 'master') ??
    branches[0];
  return branch?.id ?? job.id;
}

/** The jobs of a jobs answer (`{ jobs }`) or an overview (`{ jobs: { jobs } }`). */
function jobsOf(body: unknown): JobLike[] {
  let jobs = (body as { jobs?: unknown })?.jobs;
  if (jobs && !Array.isArray(jobs)) {
    jobs = (jobs as { jobs?: unknown }).jobs;
  }
  return Array.isArray(jobs) ? (jobs as JobLike[]) : [];
}

/** Runs the viewers; resolves when every view started in time has ended. */
export async function runViewers(
  options: ViewerOptions,
): Promise<ViewerResults> {
  const results: ViewerResults = {
    viewMs: [],
    firstViewMs: [],
    failedViews: 0,
    statuses: {},
    jobs: 0,
    elapsedSeconds: 0,
  };
  const entityUrl = `${options.base}${options.entityPath}`;
  const count = (key: string) => {
    results.statuses[key] = (results.statuses[key] ?? 0) + 1;
  };
  const checked = async (browser: Browser, url: string) => {
    let answer: Answer;
    try {
      answer = await browser.get(url);
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      count(message.startsWith('timed out') ? 'timeout' : 'error');
      results.firstError ??= `${url}: ${message}`;
      throw error;
    }
    count(String(answer.status));
    if (answer.status !== 200 && answer.status !== 304) {
      results.firstError ??= `${url}: HTTP ${answer.status}`;
      throw new Error(`HTTP ${answer.status}`);
    }
    return answer.body;
  };
  const pageView = async (browser: Browser) => {
    if (options.view === 'overview') {
      const body = await checked(browser, `${entityUrl}/overview`);
      results.jobs ||= jobsOf(body).length;
      return;
    }
    const jobs = jobsOf(await checked(browser, `${entityUrl}/jobs`));
    results.jobs ||= jobs.length;
    const jobId = selectedJobId(jobs);
    const job = jobId
      ? `${entityUrl}/jobs/${encodeURIComponent(jobId)}`
      : undefined;
    await Promise.all([
      job ? checked(browser, `${job}/builds?limit=10`) : undefined,
      job ? checked(browser, `${job}/builds?limit=20`) : undefined,
      checked(browser, `${entityUrl}/activity?limit=10`),
    ]);
  };

  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.viewers }, async (_, i) => {
      const delay =
        options.viewers > 1
          ? (options.rampSeconds * 1000 * i) / (options.viewers - 1)
          : 0;
      if (delay > 0) {
        await new Promise(r => setTimeout(r, delay));
      }
      const browser = new Browser(options.authorization(i), options.timeoutMs);
      for (let first = true; performance.now() < deadline; first = false) {
        const viewStart = performance.now();
        try {
          await pageView(browser);
        } catch {
          results.failedViews++;
        }
        const ms = performance.now() - viewStart;
        results.viewMs.push(ms);
        if (first) {
          results.firstViewMs.push(ms);
        }
      }
      browser.close();
    }),
  );
  results.elapsedSeconds = (performance.now() - started) / 1000;
  return results;
}
