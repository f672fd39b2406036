/*
 * A local OpenID Connect identity provider for development and browser tests.
 *
 * DEVELOPMENT ONLY: the users, their passwords, the client secret and the
 * signing key are public or generated at start; nothing is persisted.
 *
 * Plain ESM (no build step) because `oidc-provider` is ESM-only and
 * `bin/dev-idp` must run with plain `node`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

/**
 * The demo users of the dev IdP; they match the users of `examples/org.yaml`.
 * @type {Array<{ username: string, password: string, name: string, email: string, groups: string[] }>}
 */
export const demoUsers = JSON.parse(
  readFileSync(new URL('./demoUsers.json', import.meta.url), 'utf8'),
);

/** The client Backstage uses in `app-config.oidc.yaml`. */
export const backstageClient = {
  client_id: 'backstage',
  client_secret: 'backstage-dev-secret',
  redirect_uris: ['http://localhost:7007/api/auth/oidc/handler/frame'],
};

const escapeHtml = value =>
  String(value).replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]),
  );

function loginPage({ uid, clientId, username = '', error }) {
  const hints = demoUsers
    .map(
      u =>
        `<li><code>${escapeHtml(u.username)}</code> / <code>${escapeHtml(
          u.password,
        )}</code> — groups: ${escapeHtml(u.groups.join(', ') || 'none')}</li>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Sign in — Dev IdP</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 26rem; margin: 4rem auto; color: #222; }
    label { display: block; margin: .75rem 0 .25rem; }
    input { width: 100%; padding: .5rem; box-sizing: border-box; }
    button { margin-top: 1rem; padding: .5rem 1.5rem; }
    .error { color: #b00020; }
    .note { font-size: .85rem; color: #555; border-top: 1px solid #ddd; margin-top: 2rem; }
  </style>
</head>
<body>
  <h1>Dev IdP</h1>
  <p>Sign in to <strong>${escapeHtml(clientId)}</strong></p>
  ${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
  <form method="post" action="/interaction/${escapeHtml(uid)}/login">
    <label for="username">Username</label>
    <input id="username" name="username" autocomplete="username" value="${escapeHtml(
      username,
    )}" autofocus required>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">Sign in</button>
  </form>
  <div class="note">
    <p>Development only. Demo users (password = user name):</p>
    <ul>${hints}</ul>
  </div>
</body>
</html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(html);
}

/**
 * Creates the `oidc-provider` instance with the demo users, a `groups` claim
 * and automatic consent for the configured (first-party) clients.
 */
export function createDevIdpProvider({ issuer, clients, users = demoUsers }) {
  const usersById = new Map(users.map(u => [u.username, u]));
  const firstParty = new Set(clients.map(c => c.client_id));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = {
    ...privateKey.export({ format: 'jwk' }),
    kid: 'dev-idp',
    use: 'sig',
    alg: 'RS256',
  };

  const provider = new Provider(issuer, {
    clients: clients.map(c => ({
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...c,
    })),
    jwks: { keys: [signingKey] },
    // Dev-only cookie signing keys; sessions do not survive a restart anyway.
    cookies: { keys: ['dev-idp-cookie-key-not-secret'] },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'groups'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    // Put the requested claims in the ID token too, not only in userinfo.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
    },
    pkce: { required: () => false },
    // Backstage keeps sessions alive with refresh tokens; issue them without
    // the offline_access/consent dance for the trusted clients.
    issueRefreshToken: async (_ctx, client) =>
      client.grantTypeAllowed('refresh_token'),
    async findAccount(_ctx, sub) {
      const user = usersById.get(sub);
      if (!user) {
        return undefined;
      }
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            name: user.name,
            preferred_username: user.username,
            email: user.email,
            email_verified: true,
            groups: user.groups,
          };
        },
      };
    },
    // Auto-consent: a first-party client gets every scope it asks for.
    async loadExistingGrant(ctx) {
      const { client, session, params } = ctx.oidc;
      const grantId =
        ctx.oidc.result?.consent?.grantId ||
        session.grantIdFor(client.clientId);
      const grant = grantId
        ? await ctx.oidc.provider.Grant.find(grantId)
        : undefined;
      if (!firstParty.has(client.clientId) || !session.accountId) {
        return grant;
      }
      const autoGrant =
        grant ??
        new ctx.oidc.provider.Grant({
          clientId: client.clientId,
          accountId: session.accountId,
        });
      autoGrant.addOIDCScope(String(params.scope ?? 'openid'));
      await autoGrant.save();
      return autoGrant;
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
  });
  return provider;
}

/**
 * Starts the dev IdP on `port` (0 picks a free port).
 *
 * @param {{ port?: number, host?: string, issuer?: string, clients?: Array<Record<string, unknown>>, users?: typeof demoUsers }} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startDevIdp(options = {}) {
  const clients = options.clients ?? [backstageClient];
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    // Without a host, Node listens on every interface (IPv4 and IPv6), so
    // `localhost` works whichever address it resolves to.
    server.listen({ port: options.port ?? 7010, host: options.host }, resolve);
  });
  const { port } = server.address();
  const url = options.issuer ?? `http://localhost:${port}`;
  const provider = createDevIdpProvider({
    issuer: url,
    clients,
    users: options.users,
  });
  const usersById = new Map(
    (options.users ?? demoUsers).map(u => [u.username, u]),
  );
  const oidc = provider.callback();

  server.on('request', async (req, res) => {
    const match = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url ?? '');
    if (!match) {
      oidc(req, res);
      return;
    }
    try {
      const details = await provider.interactionDetails(req, res);
      const [, uid, login] = match;
      if (details.prompt.name !== 'login') {
        // Consent for a first-party client: grant what it asked for.
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({
              clientId: details.params.client_id,
              accountId: details.session?.accountId,
            });
        const missing = details.prompt.details.missingOIDCScope ?? [];
        if (missing.length) {
          grant.addOIDCScope(missing.join(' '));
        }
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
        return;
      }
      if (!login || req.method !== 'POST') {
        send(
          res,
          200,
          loginPage({ uid, clientId: String(details.params.client_id) }),
        );
        return;
      }
      const form = await readForm(req);
      const username = (form.get('username') ?? '').trim();
      const user = usersById.get(username);
      if (!user || user.password !== form.get('password')) {
        send(
          res,
          401,
          loginPage({
            uid,
            clientId: String(details.params.client_id),
            username,
            error: 'Invalid username or password.',
          }),
        );
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.username } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      send(
        res,
        400,
        `<!DOCTYPE html><p role="alert">${escapeHtml(
          error?.message ?? error,
        )}</p><p>Start the sign-in again from Backstage.</p>`,
      );
    }
  });

  return {
    url,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
