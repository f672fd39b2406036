import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

// The IdP is ESM-only (oidc-provider), so it is tested the way it runs: as
// the `bin/dev-idp` process, through its HTTP endpoints.
const redirectUri = 'http://localhost:7007/api/auth/oidc/handler/frame';
const basicAuth = `Basic ${Buffer.from(
  'backstage:backstage-dev-secret',
).toString('base64')}`;

let idp: ChildProcess;
let issuer: string;

beforeAll(async () => {
  idp = spawn(
    process.execPath,
    [path.resolve(__dirname, '../bin/dev-idp'), '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  issuer = await new Promise<string>((resolve, reject) => {
    let output = '';
    idp.stdout!.on('data', chunk => {
      output += chunk;
      const match = /listening on (\S+)/.exec(output);
      if (match) {
        resolve(match[1]);
      }
    });
    idp.once('exit', code => reject(new Error(`dev-idp exited (${code})`)));
  });
}, 30_000);

afterAll(() => {
  idp?.kill();
});

/** A tiny cookie jar: the IdP ties the interaction to its cookies. */
function browser() {
  const cookies = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(url, issuer), {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair.indexOf('=');
      cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  };
}

async function startSignIn(go: ReturnType<typeof browser>) {
  const authorize = new URL('/auth', issuer);
  authorize.search = new URLSearchParams({
    client_id: 'backstage',
    response_type: 'code',
    scope: 'openid profile email groups',
    redirect_uri: redirectUri,
    state: 'state-1',
    nonce: 'nonce-1',
  }).toString();
  const start = await go(authorize.toString());
  expect(start.status).toBe(303);
  return start.headers.get('location')!;
}

function login(
  go: ReturnType<typeof browser>,
  interaction: string,
  username: string,
  password: string,
) {
  return go(`${interaction}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
}

async function signIn(username: string, password: string) {
  const go = browser();
  const interaction = await startSignIn(go);
  let response = await login(go, interaction, username, password);
  // Resume the authorization; consent is automatic for the Backstage client.
  while (response.status === 303 || response.status === 302) {
    const location = response.headers.get('location')!;
    if (location.startsWith(redirectUri)) {
      return new URL(location).searchParams;
    }
    response = await go(location);
  }
  throw new Error(`Unexpected response ${response.status}`);
}

async function exchange(code: string) {
  const response = await fetch(new URL('/token', issuer), {
    method: 'POST',
    headers: {
      authorization: basicAuth,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
    }).toString(),
  });
  expect(response.status).toBe(200);
  return response.json();
}

async function userinfo(accessToken: string) {
  const response = await fetch(new URL('/me', issuer), {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(response.status).toBe(200);
  return response.json();
}

describe('dev-idp', () => {
  it('publishes OpenID Connect discovery metadata for its issuer', async () => {
    const response = await fetch(
      new URL('/.well-known/openid-configuration', issuer),
    );
    const metadata = await response.json();
    expect(metadata.issuer).toBe(issuer);
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'email', 'profile', 'groups']),
    );
    expect(metadata.userinfo_endpoint).toBeDefined();
  });

  it('shows a username and password form for a sign-in', async () => {
    const go = browser();
    const interaction = await startSignIn(go);
    const page = await (await go(interaction)).text();
    expect(page).toContain('name="username"');
    expect(page).toContain('name="password"');
    expect(page).toContain('Development only');
  });

  it('rejects a wrong password with the form and a message', async () => {
    const go = browser();
    const interaction = await startSignIn(go);
    const response = await login(go, interaction, 'alice', 'wrong');
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('Invalid username or password.');
  });

  it('signs alice in with her e-mail and groups, without a consent screen', async () => {
    const params = await signIn('alice', 'alice');
    expect(params.get('state')).toBe('state-1');
    const tokens = await exchange(params.get('code')!);
    expect(tokens.id_token).toBeDefined();
    expect(tokens.refresh_token).toBeDefined();
    expect(await userinfo(tokens.access_token)).toEqual(
      expect.objectContaining({
        sub: 'alice',
        email: 'alice@example.com',
        email_verified: true,
        groups: ['team-payments'],
      }),
    );
  });

  it('gives carol an empty groups claim', async () => {
    const params = await signIn('carol', 'carol');
    const tokens = await exchange(params.get('code')!);
    expect(await userinfo(tokens.access_token)).toEqual(
      expect.objectContaining({ sub: 'carol', groups: [] }),
    );
  });

  it('refreshes a session with the refresh token', async () => {
    const params = await signIn('bob', 'bob');
    const tokens = await exchange(params.get('code')!);
    const response = await fetch(new URL('/token', issuer), {
      method: 'POST',
      headers: {
        authorization: basicAuth,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      }).toString(),
    });
    expect(response.status).toBe(200);
    const refreshed = await response.json();
    expect(await userinfo(refreshed.access_token)).toEqual(
      expect.objectContaining({ sub: 'bob', groups: ['release-managers'] }),
    );
  });
});
