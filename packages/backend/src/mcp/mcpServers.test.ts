import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/config';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import path from 'node:path';
// The Jenkins plugin's own test harness (its backend in front of the
// simulator), with the MCP server added: test support, not a public export.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import {
  as,
  ENTITY_PATH,
  JenkinsTestBackend,
  PRODUCTION,
  STAGING,
  startJenkinsTestBackend,
} from '@internal/plugin-jenkins-backend/src/__testUtils__/JenkinsTestBackend';

jest.setTimeout(90_000);

const entityRef = 'component:default/payments-service';
const WRITES = [
  'jenkins.run-job',
  'jenkins.rebuild-build',
  'jenkins.abort-build',
  'jenkins.cancel-queue-item',
  'jenkins.answer-input',
];

/** `mcpActions` of the app's own app-config.yaml, as the backend loads it. */
async function appMcpActionsConfig(): Promise<JsonObject> {
  let section: JsonObject | undefined;
  const backend = await startTestBackend({
    features: [
      rootConfigServiceFactory({
        argv: [
          'node',
          'backend',
          '--config',
          path.resolve(__dirname, '../../../../app-config.yaml'),
        ],
      }),
      createBackendPlugin({
        pluginId: 'config-probe',
        register(reg) {
          reg.registerInit({
            deps: { config: coreServices.rootConfig },
            async init({ config }) {
              section = config.get<JsonObject>('mcpActions');
            },
          });
        },
      }),
    ],
  });
  await backend.stop();
  return section!;
}

/** An MCP client of one of the backend's MCP servers, signed in as a user. */
async function connect(
  stack: JenkinsTestBackend,
  server: string,
  user: string,
): Promise<Client> {
  const client = new Client({ name: 'jenkins-mcp-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`${stack.backendUrl}/api/mcp-actions/v1${server}`),
      {
        requestInit: {
          headers: {
            Authorization: mockCredentials.user.header(`user:default/${user}`),
          },
        },
      },
    ),
  );
  return client;
}

/** The structured output of a tool call, or its error text. */
function outcomeOf(result: any): { output?: any; error?: string } {
  if (result.isError) {
    return { error: result.content.map((c: any) => c.text).join('\n') };
  }
  return { output: result.structuredContent };
}

/**
 * The app's MCP servers (`mcpActions.servers` in app-config.yaml), served by
 * `@backstage/plugin-mcp-actions-backend` in front of the Jenkins plugin and
 * the simulator, used over HTTP with the official MCP client SDK. Users
 * sign in with Backstage tokens here; the OAuth sign-in is the e2e test's.
 */
describe('the MCP servers of the app config', () => {
  let mcpActions: JsonObject;
  let stack: JenkinsTestBackend;
  const clients: Client[] = [];

  const client = async (server: string, user = 'alice') => {
    const c = await connect(stack, server, user);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    mcpActions = await appMcpActionsConfig();
    stack = await startJenkinsTestBackend({
      policy: 'demo',
      features: [mcpActionsPlugin],
      config: { mcpActions },
      timeouts: { cacheTtlSeconds: 0, requestTimeoutMs: 10_000 },
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
    await stack?.close();
  });

  beforeEach(() => {
    stack.sim.control.reset({ keepRealm: true });
    stack.sim.control.clearRequests();
  });

  it('declares a read-only Jenkins server and a full one', () => {
    expect(Object.keys(mcpActions.servers as JsonObject).sort()).toEqual([
      'jenkins',
      'jenkins-read',
    ]);
  });

  it('lists no write tool on the read-only server, only read-only Jenkins tools', async () => {
    const { tools: all } = await (await client('/jenkins')).listTools();
    const { tools } = await (await client('/jenkins-read')).listTools();
    const names = tools.map(t => t.name).sort();
    // Exactly the full server's read-only tools: no write among them.
    expect(names).toEqual(
      all
        .filter(t => t.annotations?.readOnlyHint === true)
        .map(t => t.name)
        .sort(),
    );
    for (const write of WRITES) {
      expect(names).not.toContain(write);
    }
    expect(names).toEqual(
      expect.arrayContaining([
        'jenkins.get-build',
        'jenkins.get-build-log',
        'jenkins.list-builds',
        'jenkins.list-jobs',
        'jenkins.search-build-log',
        'jenkins.summarize-build-failure',
        'jenkins.wait-for-build',
      ]),
    );
    for (const tool of tools) {
      expect({ name: tool.name, ...tool.annotations }).toMatchObject({
        name: expect.stringMatching(/^jenkins\./),
        readOnlyHint: true,
        destructiveHint: false,
      });
    }
  });

  it('refuses a write tool on the read-only server without calling Jenkins', async () => {
    const result = await (
      await client('/jenkins-read')
    ).callTool({
      name: 'jenkins.run-job',
      arguments: { entityRef, jobFullName: STAGING },
    });
    expect(outcomeOf(result).error).toMatch(/not found/i);
    expect(stack.posts()).toEqual([]);
  });

  it('lists every Jenkins tool, writes included, on the full server', async () => {
    const { tools } = await (await client('/jenkins')).listTools();
    const registered = await stack.api
      .get('/api/jenkins/.backstage/actions/v1/actions')
      .set(as('alice'));
    expect(tools.map(t => t.name).sort()).toEqual(
      registered.body.actions.map((a: any) => `jenkins.${a.name}`).sort(),
    );
    expect(tools.map(t => t.name)).toEqual(expect.arrayContaining(WRITES));
    expect(
      tools.find(t => t.name === 'jenkins.abort-build')?.annotations,
    ).toMatchObject({ readOnlyHint: false, destructiveHint: true });
  });

  it('runs a job as the signed-in person and audits it as an action of the MCP server', async () => {
    const mcp = await client('/jenkins');
    const run = outcomeOf(
      await mcp.callTool({
        name: 'jenkins.run-job',
        arguments: {
          entityRef,
          jobFullName: STAGING,
          parameters: { VERSION: '7.1.0' },
        },
      }),
    );
    expect(run.error).toBeUndefined();
    expect(stack.posts()).toEqual([
      expect.objectContaining({ user: 'alice', status: 201 }),
    ]);

    const activity = await stack.api
      .get(`${ENTITY_PATH}/activity`)
      .set(as('alice'));
    expect(activity.body.items[0]).toMatchObject({
      action: 'trigger',
      actor: { userRef: 'user:default/alice' },
      jobFullName: STAGING,
      via: 'action',
      client: 'plugin:mcp-actions',
      requestId: run.output.requestId,
    });
  });

  it('runs, waits and reports, as an assistant would', async () => {
    const mcp = await client('/jenkins');
    const run = outcomeOf(
      await mcp.callTool({
        name: 'jenkins.run-job',
        arguments: {
          entityRef,
          jobFullName: STAGING,
          parameters: { VERSION: '7.1.0' },
        },
      }),
    );
    const ticker = setInterval(() => stack.sim.control.advance(5_000), 200);
    try {
      const waited = outcomeOf(
        await mcp.callTool({
          name: 'jenkins.wait-for-build',
          arguments: {
            entityRef,
            jobFullName: STAGING,
            queueId: run.output.queue.queueId,
            timeoutSeconds: 30,
          },
        }),
      );
      expect(waited.output).toMatchObject({
        state: 'finished',
        buildNumber: expect.any(Number),
        url: expect.stringContaining('/job/deploy-staging/'),
      });
    } finally {
      clearInterval(ticker);
    }
  });

  it("refuses what the person's policy refuses, with its reason", async () => {
    const result = outcomeOf(
      await (
        await client('/jenkins')
      ).callTool({
        name: 'jenkins.run-job',
        arguments: { entityRef, jobFullName: PRODUCTION },
      }),
    );
    expect(result.error).toContain(
      'Your permission policy does not allow jenkins.job.trigger on payments/deploy-production (production)',
    );
    expect(stack.posts()).toEqual([]);
  });
});

/**
 * `jenkinsPolicy.denyProductionWritesThroughActions`: a release manager may
 * deploy production in the portal, not through an assistant.
 */
describe('production writes through assistants, when the policy refuses them', () => {
  let stack: JenkinsTestBackend;
  let mcp: Client;

  beforeAll(async () => {
    stack = await startJenkinsTestBackend({
      policy: 'demo',
      features: [mcpActionsPlugin],
      config: {
        mcpActions: {
          servers: {
            jenkins: {
              name: 'Jenkins',
              filter: { include: [{ id: 'jenkins:*' }] },
            },
          },
        },
        jenkinsPolicy: { denyProductionWritesThroughActions: true },
      },
      timeouts: { cacheTtlSeconds: 0, requestTimeoutMs: 10_000 },
    });
    mcp = await connect(stack, '/jenkins', 'bob');
  });

  afterAll(async () => {
    await mcp?.close();
    await stack?.close();
  });

  beforeEach(() => {
    stack.sim.control.reset({ keepRealm: true });
    stack.sim.control.clearRequests();
  });

  it('refuses a release manager production deploy through MCP, saying why', async () => {
    const result = outcomeOf(
      await mcp.callTool({
        name: 'jenkins.run-job',
        arguments: { entityRef, jobFullName: PRODUCTION },
      }),
    );
    expect(result.error).toMatch(
      /does not allow jenkins\.job\.trigger on payments\/deploy-production \(production\) through an AI assistant.*do it in the Backstage portal/,
    );
    expect(stack.posts()).toEqual([]);
    const activity = await stack.api
      .get(`${ENTITY_PATH}/activity`)
      .set(as('bob'));
    expect(activity.body.items[0]).toMatchObject({
      action: 'trigger',
      decision: 'deny',
      via: 'action',
      client: 'plugin:mcp-actions',
    });
  });

  it("still lets a job's owners deploy staging through MCP", async () => {
    const alice = await connect(stack, '/jenkins', 'alice');
    const result = outcomeOf(
      await alice.callTool({
        name: 'jenkins.run-job',
        arguments: {
          entityRef,
          jobFullName: STAGING,
          parameters: { VERSION: '7.1.0' },
        },
      }),
    );
    await alice.close();
    expect(result.error).toBeUndefined();
    expect(stack.posts()).toEqual([
      expect.objectContaining({ user: 'alice', status: 201 }),
    ]);
  });

  it('still lets a release manager deploy production in the portal', async () => {
    const jobs = await stack.api.get(`${ENTITY_PATH}/jobs`).set(as('bob'));
    const production = jobs.body.jobs.find(
      (j: any) => j.fullName === PRODUCTION,
    );
    expect(production.capabilities.trigger).toEqual({ allowed: true });
    const res = await stack.api
      .post(`${ENTITY_PATH}/jobs/${production.id}/builds`)
      .set(as('bob'))
      .send({ parameters: { VERSION: '7.1.0' } });
    expect(res.status).toBe(202);
    expect(stack.posts()).toEqual([
      expect.objectContaining({ user: 'bob', status: 201 }),
    ]);
  });

  it('tells the assistant up front that it may not trigger production', async () => {
    const result = outcomeOf(
      await mcp.callTool({
        name: 'jenkins.list-jobs',
        arguments: { entityRef },
      }),
    );
    const production = result.output.jobs.find(
      (j: any) => j.fullName === PRODUCTION,
    );
    expect(production.capabilities.trigger.allowed).toBe(false);
  });
});
