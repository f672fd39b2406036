import { expect, test } from '@playwright/test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  OAuthClientProvider,
  UnauthorizedError,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { saveScreenshot } from '../support/screenshots';
import { backstageIdentity, signIn } from '../support/signIn';
import { clearSimRequests, resetSim, simRequests } from '../support/sim';
import { backendUrl } from '../support/stack';

/*
 * An AI assistant signs in to Backstage's MCP server as alice — OAuth with a
 * Client ID Metadata Document (auth.clientIdMetadataDocuments in
 * app-config.oidc.yaml), consent in the app (@backstage/plugin-auth), alice
 * signed in through the dev IdP — and then acts as her, with the official
 * MCP client SDK.
 */

const CLIENT_NAME = 'Jenkins e2e assistant';
const entityRef = 'component:default/payments-service';

/**
 * Serves the assistant's Client ID Metadata Document (the auth backend
 * fetches it: `http://localhost` is allowed in development only) and its
 * OAuth callback, which keeps the authorization code.
 */
async function startAssistantHost() {
  let code: string | undefined;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/client.json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(metadata()));
      return;
    }
    if (url.pathname === '/callback') {
      code = url.searchParams.get('code') ?? undefined;
      res.setHeader('content-type', 'text/plain');
      res.end(code ? 'Signed in; you can close this window.' : 'No code');
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>(resolve => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  const clientId = `http://localhost:${port}/client.json`;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const metadata = () => ({
    client_id: clientId,
    client_name: CLIENT_NAME,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  });
  return {
    clientId,
    redirectUri,
    code: () => code,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** The assistant's OAuth state, as an MCP client keeps it. */
class AssistantAuth implements OAuthClientProvider {
  authorizationUrl?: URL;
  private verifier?: string;
  private saved?: OAuthTokens;

  constructor(
    private readonly clientId: string,
    readonly redirectUrl: string,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: CLIENT_NAME,
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  /** The client id is the metadata document's URL (CIMD): nothing to register. */
  clientInformation(): OAuthClientInformationMixed {
    return { client_id: this.clientId };
  }

  tokens() {
    return this.saved;
  }

  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }

  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }

  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }

  codeVerifier() {
    return this.verifier!;
  }
}

function mcpTransport(auth: AssistantAuth) {
  return new StreamableHTTPClientTransport(
    new URL(`${backendUrl}/api/mcp-actions/v1/jenkins`),
    { authProvider: auth },
  );
}

function outcomeOf(result: any): { output?: any; error?: string } {
  return result.isError
    ? { error: result.content.map((c: any) => c.text).join('\n') }
    : { output: result.structuredContent };
}

test.beforeEach(async () => {
  await resetSim();
});

test('an assistant signs in as alice through OAuth, runs staging as her, is refused production, and is audited', async ({
  page,
}) => {
  const host = await startAssistantHost();
  const auth = new AssistantAuth(host.clientId, host.redirectUri);
  const clients: Client[] = [];
  try {
    // 1. No token yet: the MCP server sends the client to Backstage's OAuth.
    const first = new Client({ name: 'e2e-assistant', version: '1.0.0' });
    await expect(first.connect(mcpTransport(auth))).rejects.toThrow(
      UnauthorizedError,
    );
    expect(auth.authorizationUrl?.toString()).toContain(
      `${backendUrl}/api/auth/v1/authorize`,
    );

    // 2. Alice signs in to Backstage (dev IdP) and authorizes the assistant.
    await signIn(page, 'alice');
    // Her portal session's token, to read the activity at the end.
    const { token } = await backstageIdentity(page);
    await page.goto(auth.authorizationUrl!.toString());
    await expect(page).toHaveURL(/\/oauth2\/authorize\//);
    await expect(page.getByText(CLIENT_NAME).first()).toBeVisible();
    await saveScreenshot(page, 'assistant-consent');
    await page.getByRole('button', { name: 'Authorize' }).click();
    await expect.poll(() => host.code(), { timeout: 20_000 }).toBeTruthy();

    // 3. The client exchanges the code (PKCE) for alice's token.
    const transport = mcpTransport(auth);
    await transport.finishAuth(host.code()!);
    const client = new Client({ name: 'e2e-assistant', version: '1.0.0' });
    clients.push(client);
    await client.connect(mcpTransport(auth));

    const { tools } = await client.listTools();
    expect(tools.map(t => t.name)).toEqual(
      expect.arrayContaining([
        'jenkins.list-jobs',
        'jenkins.run-job',
        'jenkins.wait-for-build',
      ]),
    );

    // 4. deploy-staging runs as alice: Jenkins records her.
    await clearSimRequests();
    const run = outcomeOf(
      await client.callTool({
        name: 'jenkins.run-job',
        arguments: {
          entityRef,
          jobFullName: 'payments/deploy-staging',
          parameters: { VERSION: '2.6.0' },
        },
      }),
    );
    expect(run.error).toBeUndefined();
    expect(run.output.queue.queueId).toEqual(expect.any(Number));
    const posts = await simRequests({ method: 'POST' });
    expect(
      posts.filter(p => /deploy-staging\/buildWithParameters/.test(p.path)),
    ).toEqual([expect.objectContaining({ user: 'alice', status: 201 })]);

    // 5. deploy-production is refused with the policy's reason; Jenkins is not called.
    await clearSimRequests();
    const refused = outcomeOf(
      await client.callTool({
        name: 'jenkins.run-job',
        arguments: { entityRef, jobFullName: 'payments/deploy-production' },
      }),
    );
    expect(refused.error).toContain(
      'Your permission policy does not allow jenkins.job.trigger on payments/deploy-production (production)',
    );
    expect(await simRequests({ method: 'POST' })).toEqual([]);

    // 6. The activity shows both, by alice, through the actions registry.
    const activity = await fetch(
      `${backendUrl}/api/jenkins/v1/entities/component/default/payments-service/activity`,
      { headers: { authorization: `Bearer ${token}` } },
    ).then(r => r.json());
    const [production, staging] = activity.items;
    expect(staging).toMatchObject({
      action: 'trigger',
      actor: { userRef: 'user:default/alice', jenkinsUser: 'alice' },
      jobFullName: 'payments/deploy-staging',
      decision: 'allow',
      via: 'action',
      client: 'plugin:mcp-actions',
      requestId: run.output.requestId,
    });
    expect(production).toMatchObject({
      action: 'trigger',
      actor: { userRef: 'user:default/alice' },
      jobFullName: 'payments/deploy-production',
      decision: 'deny',
      via: 'action',
      client: 'plugin:mcp-actions',
    });
  } finally {
    await Promise.all(clients.map(c => c.close()));
    await host.close();
  }
});
