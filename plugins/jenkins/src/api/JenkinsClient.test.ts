import { ResponseError } from '@backstage/errors';
import { JenkinsClient } from './JenkinsClient';
import { build, entityRef, job } from '../testing/jenkinsFixtures';

const BASE = 'http://localhost:7007/api/jenkins';

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

type FetchMock = jest.Mock<Promise<Response>, [string, RequestInit]>;

function mockFetch(impl?: () => Promise<Response>): FetchMock {
  return jest.fn<Promise<Response>, [string, RequestInit]>(impl);
}

function keyOf(init: RequestInit): string {
  return (init.headers as Record<string, string>)['Idempotency-Key'];
}

function setup(fetchImpl: FetchMock) {
  let n = 0;
  const client = new JenkinsClient({
    discoveryApi: { getBaseUrl: async () => BASE },
    fetchApi: { fetch: fetchImpl as unknown as typeof fetch },
    generateIdempotencyKey: () => `key-${++n}`,
  });
  return client;
}

const queue = {
  queueId: 12,
  state: 'waiting',
  why: 'In the quiet period. Expires in 4.9 sec',
  buildNumber: null,
  buildUrl: null,
};

describe('JenkinsClient', () => {
  it('reads the jobs of an entity from the entity route', async () => {
    const fetch = mockFetch(async () =>
      jsonResponse({
        entityRef: 'component:default/payments-service',
        jobs: [job()],
      }),
    );
    const client = setup(fetch);
    const result = await client.getJobs(entityRef);
    expect(result.jobs[0].fullName).toBe('payments/payments-service');
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/v1/entities/component/default/payments-service/jobs`,
      expect.anything(),
    );
  });

  it('passes limit and cursor to the builds route', async () => {
    const fetch = mockFetch(async () =>
      jsonResponse({ items: [build()], nextCursor: 'abc' }),
    );
    const client = setup(fetch);
    const page = await client.getBuilds(entityRef, 'job-1', {
      limit: 10,
      cursor: 'c1',
    });
    expect(page.nextCursor).toBe('abc');
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE}/v1/entities/component/default/payments-service/jobs/job-1/builds?limit=10&cursor=c1`,
    );
  });

  it('sends an Idempotency-Key with every POST, a fresh one per submission', async () => {
    const fetch = mockFetch(async () =>
      jsonResponse({ requestId: 'r1', queue }, 202),
    );
    const client = setup(fetch);
    await client.triggerBuild(entityRef, 'job-1', { parameters: { A: 'b' } });
    await client.triggerBuild(entityRef, 'job-1', { parameters: { A: 'b' } });
    const keys = fetch.mock.calls.map(([, init]) => keyOf(init));
    expect(keys).toEqual(['key-1', 'key-2']);
    expect(fetch.mock.calls[0][1]).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ parameters: { A: 'b' } }),
    });
  });

  it('reuses the key of a submission when it is retried after a network error', async () => {
    const fetch = mockFetch()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(jsonResponse({ requestId: 'r1', queue }, 202));
    const client = setup(fetch);
    const result = await client.triggerBuild(entityRef, 'job-1', {});
    expect(result.queue.why).toBe('In the quiet period. Expires in 4.9 sec');
    expect(fetch).toHaveBeenCalledTimes(2);
    const [first, second] = fetch.mock.calls.map(([, init]) => keyOf(init));
    expect(first).toBe('key-1');
    expect(second).toBe(first);
  });

  it('uses the key the caller gives, so a user retry of the same submission reuses it', async () => {
    const fetch = mockFetch(async () =>
      jsonResponse({ requestId: 'r1', status: 'done', message: 'Aborted' }),
    );
    const client = setup(fetch);
    await client.abortBuild(entityRef, 'job-1', 42, { idempotencyKey: 'mine' });
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE}/v1/entities/component/default/payments-service/jobs/job-1/builds/42/abort`,
    );
    expect(keyOf(fetch.mock.calls[0][1])).toBe('mine');
  });

  it('carries the server message of a non-2xx answer', async () => {
    const fetch = mockFetch(async () =>
      jsonResponse(
        {
          error: {
            name: 'ServiceUnavailableError',
            message: "Jenkins instance 'default' is unreachable",
          },
          response: { statusCode: 502 },
        },
        502,
      ),
    );
    const client = setup(fetch);
    const error = await client.getJobs(entityRef).catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(502);
    expect(error.cause.message).toBe(
      "Jenkins instance 'default' is unreachable",
    );
  });

  it('carries the server message of a denied write', async () => {
    const fetch = mockFetch(async () =>
      jsonResponse(
        {
          error: {
            name: 'NotAllowedError',
            message:
              'alice may not jenkins.job.trigger payments/deploy-production',
          },
          response: { statusCode: 403 },
        },
        403,
      ),
    );
    const client = setup(fetch);
    const error = await client
      .triggerBuild(entityRef, 'job-1', {})
      .catch(e => e);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toContain('jenkins.job.trigger');
  });

  it('refuses an answer that does not match the contract', async () => {
    const fetch = mockFetch(async () => jsonResponse({ items: 'nope' }));
    const client = setup(fetch);
    await expect(client.getBuilds(entityRef, 'job-1')).rejects.toThrow(
      /Unexpected response from the Jenkins backend .*items/,
    );
  });

  it('reads the log from the offset it is given', async () => {
    const fetch = mockFetch(async () =>
      jsonResponse({
        text: 'more\n',
        nextStart: 120,
        more: true,
        hasMore: false,
      }),
    );
    const client = setup(fetch);
    const chunk = await client.getBuildLog(entityRef, 'job-1', 42, 100);
    expect(chunk.nextStart).toBe(120);
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE}/v1/entities/component/default/payments-service/jobs/job-1/builds/42/log?start=100`,
    );
  });
  it('reads the overview with the job and sizes asked for', async () => {
    const body = {
      jobs: { entityRef: 'component:default/payments-service', jobs: [job()] },
      selected: null,
      activity: null,
    };
    const fetch = mockFetch(async () => jsonResponse(body));
    const client = setup(fetch);
    expect(
      await client.getOverview(entityRef, { job: 'job-1', limit: 10 }),
    ).toEqual(body);
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE}/v1/entities/component/default/payments-service/overview?job=job-1&limit=10`,
    );
    await client.getOverview(entityRef);
    expect(fetch.mock.calls[1][0]).toBe(
      `${BASE}/v1/entities/component/default/payments-service/overview`,
    );
  });

  it('refreshes conditionally: sends the last ETag and reuses the answer on a 304', async () => {
    const page = { items: [build()], nextCursor: null };
    const fetch = mockFetch(async () => {
      const headers = { 'content-type': 'application/json', ETag: '"v1"' };
      return new Response(JSON.stringify(page), { status: 200, headers });
    });
    const client = setup(fetch);
    const first = await client.getBuilds(entityRef, 'job-1');
    expect(
      (fetch.mock.calls[0][1].headers as Record<string, string>)[
        'If-None-Match'
      ],
    ).toBeUndefined();
    fetch.mockImplementation(async () => new Response(null, { status: 304 }));
    const second = await client.getBuilds(entityRef, 'job-1');
    expect(
      (fetch.mock.calls[1][1].headers as Record<string, string>)[
        'If-None-Match'
      ],
    ).toBe('"v1"');
    expect(second).toBe(first);
    // Another URL has no answer to reuse: nothing to send.
    fetch.mockImplementation(async () => jsonResponse(page));
    await client.getBuilds(entityRef, 'job-2');
    expect(
      (fetch.mock.calls[2][1].headers as Record<string, string>)[
        'If-None-Match'
      ],
    ).toBeUndefined();
  });

  describe('build views (issue 14)', () => {
    const buildRoute = `${BASE}/v1/entities/component/default/payments-service/jobs/job-1/builds/42`;
    const started = {
      requestId: 'r9',
      queue: {
        queueId: 31,
        state: 'waiting',
        why: null,
        buildNumber: null,
        buildUrl: null,
      },
      message: 'Restarted from stage Deploy',
    };

    it("reads the graph, a stage's steps and a node's log from the build's routes", async () => {
      const fetch = mockFetch(async () => jsonResponse({}));
      const client = setup(fetch);
      fetch.mockResolvedValueOnce(
        jsonResponse({
          source: 'pipeline-graph-view',
          complete: true,
          stages: [],
          canReadLogs: { allowed: true },
        }),
      );
      await client.getBuildGraph(entityRef, 'job-1', 42);
      fetch.mockResolvedValueOnce(
        jsonResponse({
          source: 'pipeline-graph-view',
          stageId: '12',
          complete: true,
          steps: [],
        }),
      );
      await client.getStageSteps(entityRef, 'job-1', 42, '12');
      fetch.mockResolvedValueOnce(
        jsonResponse({ text: 'ok', nextStart: 2, more: false, hasMore: false }),
      );
      await client.getNodeLog(entityRef, 'job-1', 42, '15', 0);
      expect(fetch.mock.calls.map(([url]) => url)).toEqual([
        `${buildRoute}/graph`,
        `${buildRoute}/stages/12/steps`,
        `${buildRoute}/nodes/15/log?start=0`,
      ]);
    });

    it('fails loudly when the graph does not match the shared schema', async () => {
      const fetch = mockFetch(async () =>
        jsonResponse({ source: 'pipeline-graph-view', stages: 'nope' }),
      );
      await expect(
        setup(fetch).getBuildGraph(entityRef, 'job-1', 42),
      ).rejects.toThrow(/Unexpected response from the Jenkins backend/);
    });

    it('downloads an artifact through the backend with its path as a query', async () => {
      const fetch = mockFetch(
        async () => new Response('jar bytes', { status: 200 }),
      );
      const blob = await setup(fetch).downloadArtifact(
        entityRef,
        'job-1',
        42,
        'build/libs/payments service.jar',
      );
      expect(await blob.text()).toBe('jar bytes');
      expect(fetch.mock.calls[0][0]).toBe(
        `${buildRoute}/artifacts/download?path=build%2Flibs%2Fpayments+service.jar`,
      );
    });

    it("carries the server's message when an artifact may not be downloaded", async () => {
      const fetch = mockFetch(async () =>
        jsonResponse(
          {
            error: {
              name: 'NotAllowedError',
              message:
                'Your permission policy does not allow jenkins.build.artifacts.read',
            },
            response: { statusCode: 403 },
          },
          403,
        ),
      );
      const error = await setup(fetch)
        .downloadArtifact(entityRef, 'job-1', 42, 'a.jar')
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(403);
      expect(error.cause.message).toContain('jenkins.build.artifacts.read');
    });

    it('restarts from a stage and replays a script as POSTs with idempotency keys', async () => {
      const fetch = mockFetch(async () => jsonResponse(started, 202));
      const client = setup(fetch);
      await client.restartBuild(entityRef, 'job-1', 42, {
        stageName: 'Deploy',
      });
      await client.replayBuild(
        entityRef,
        'job-1',
        42,
        { script: { main: 'pipeline {}' } },
        { idempotencyKey: 'replay-1' },
      );
      expect(fetch.mock.calls[0][0]).toBe(`${buildRoute}/restart`);
      expect(fetch.mock.calls[0][1]).toMatchObject({
        method: 'POST',
        body: JSON.stringify({ stageName: 'Deploy' }),
      });
      expect(keyOf(fetch.mock.calls[0][1])).toBe('key-1');
      expect(fetch.mock.calls[1][0]).toBe(`${buildRoute}/replay`);
      expect(fetch.mock.calls[1][1].body).toBe(
        JSON.stringify({ script: { main: 'pipeline {}' } }),
      );
      expect(keyOf(fetch.mock.calls[1][1])).toBe('replay-1');
    });

    it('pauses and resumes through their own routes', async () => {
      const fetch = mockFetch(async () =>
        jsonResponse({ requestId: 'r', status: 'done', message: 'Paused' }),
      );
      const client = setup(fetch);
      await client.pauseBuild(entityRef, 'job-1', 42);
      await client.resumeBuild(entityRef, 'job-1', 42);
      expect(fetch.mock.calls.map(([url]) => url)).toEqual([
        `${buildRoute}/pause`,
        `${buildRoute}/resume`,
      ]);
    });
  });
});
