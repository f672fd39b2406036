import http from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { crumbHeaders, simHttp, token } from './simHttp';

type Key = { kid: string; privateKey: CryptoKey; jwk: object };

async function newKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', {
    extractable: true,
  });
  return {
    kid,
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
}

describe('security realms, crumbs and authorization', () => {
  let sim: JenkinsSim;
  let jwks: http.Server;
  let jwksUrl: string;
  let published: Key[] = [];
  let jwksFetches = 0;
  let key1: Key;

  const sign = (
    key: Key,
    claims: Record<string, unknown>,
    opts: { iss?: string; aud?: string; exp?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(opts.iss ?? 'backstage')
      .setAudience(opts.aud ?? 'jenkins')
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(key.privateKey);

  beforeAll(async () => {
    key1 = await newKey('k1');
    published = [key1];
    jwks = http.createServer((_req, res) => {
      jwksFetches++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: published.map(k => k.jwk) }));
    });
    await new Promise<void>(r => jwks.listen(0, '127.0.0.1', () => r()));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as any).port}/jwks.json`;
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(async () => {
    await sim.close();
    await new Promise(r => jwks.close(r));
  });
  beforeEach(() => {
    sim.control.reset();
    sim.control.configureRealm({ jwt: { jwksUrl } });
  });

  describe('Basic API tokens', () => {
    // core BasicHeaderProcessor → BasicHeaderApiTokenAuthenticator (ApiTokenProperty#matchesPassword).
    it('authenticates a user by API token', async () => {
      const res = await simHttp(`${sim.url}/whoAmI/api/json`, {
        basic: token('alice'),
      });
      expect(res.json()).toMatchObject({
        _class: 'hudson.security.WhoAmI',
        anonymous: false,
        name: 'alice',
        authorities: ['authenticated', 'team-payments'],
      });
    });

    // core BasicHeaderProcessor#fail: BadCredentialsException("Invalid password/token for user: …")
    // → BasicAuthenticationEntryPoint (401, WWW-Authenticate).
    it('answers 401 with WWW-Authenticate for a bad token', async () => {
      const res = await simHttp(`${sim.url}/api/json`, {
        basic: ['alice', 'wrong'],
      });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="Jenkins"');
      expect(res.text).toContain('Invalid password/token for user: alice');
    });

    // core jenkins.security.ApiCrumbExclusion: API-token requests skip CrumbFilter.
    it('accepts a POST without a crumb (ApiCrumbExclusion)', async () => {
      const res = await simHttp(
        `${sim.url}/job/payments/job/deploy-staging/buildWithParameters`,
        {
          method: 'POST',
          basic: token('alice'),
        },
      );
      expect(res.status).toBe(201);
      expect(sim.control.requests({ method: 'POST' })[0]).toMatchObject({
        realm: 'basic',
        crumb: 'not-required',
        user: 'alice',
      });
    });
  });

  describe('root and errors', () => {
    // core Jenkins (@Exported useCrumbs/useSecurity, _class hudson.model.Hudson) and the
    // X-Jenkins header core adds to every response.
    it('sends the X-Jenkins header and useCrumbs/useSecurity on the root', async () => {
      const res = await simHttp(`${sim.url}/api/json`, {
        basic: token('carol'),
      });
      expect(res.headers['x-jenkins']).toBe('2.504.3');
      expect(res.headers['content-type']).toBe(
        'application/json;charset=utf-8',
      );
      expect(res.json()).toMatchObject({
        _class: 'hudson.model.Hudson',
        useCrumbs: true,
        useSecurity: true,
      });
    });

    // core Jenkins#getTarget → checkPermission(READ) → HudsonAuthenticationEntryPoint (403 + login redirect).
    it('answers an anonymous root request with the 403 login page', async () => {
      const res = await simHttp(`${sim.url}/api/json`);
      expect(res.status).toBe(403);
      expect(res.text).toContain('url=/login?from=%2Fapi%2Fjson');
    });

    // core Jenkins#getTarget (Overall/Read) → HudsonAuthenticationEntryPoint.
    it('answers an anonymous job request with 403', async () => {
      const res = await simHttp(`${sim.url}/job/payments/api/json`);
      expect(res.status).toBe(403);
    });

    // core Jenkins#getItem / cloudbees-folder AbstractFolder#getItem return null → stapler 404.
    it('answers 404 for an unknown job', async () => {
      const res = await simHttp(`${sim.url}/job/payments/job/nope/api/json`, {
        basic: token('admin'),
      });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
    });

    // core Jenkins#getItem: no READ but DISCOVER → AccessDeniedException("Please login to access job " + name),
    // neither → null (404).
    it('answers 404 when the user may not discover the job, and 403 with Discover but not Read', async () => {
      await sim.control.loadScenario({
        users: [{ id: 'u', groups: ['g'], apiTokens: ['t'] }],
        roles: {
          global: [
            {
              name: 'r',
              permissions: ['Overall/Read'],
              groups: ['authenticated'],
            },
          ],
          items: [
            {
              name: 'd',
              pattern: 'seen',
              permissions: ['Job/Discover'],
              groups: ['g'],
            },
          ],
        },
        jobs: [
          { name: 'hidden', type: 'freestyle' },
          { name: 'seen', type: 'freestyle' },
        ],
      });
      const u = { basic: ['u', 't'] as [string, string] };
      expect((await simHttp(`${sim.url}/job/hidden/api/json`, u)).status).toBe(
        404,
      );
      const seen = await simHttp(`${sim.url}/job/seen/api/json`, u);
      expect(seen.status).toBe(403);
      expect(seen.text).toContain('Please login to access job seen');
      await sim.control.loadScenario('demo');
    });

    // core ACL#checkPermission → AccessDeniedException3#reportAsHeaders (one X-Permission-Implied-By
    // per impliedBy link) and AccessDeniedException2_MissingPermission.
    it('answers 403 with X-Required-Permission when a role denies the action', async () => {
      const res = await simHttp(
        `${sim.url}/job/payments/job/deploy-production/buildWithParameters`,
        {
          method: 'POST',
          basic: token('alice'),
        },
      );
      expect(res.status).toBe(403);
      expect(res.headers['x-you-are-authenticated-as']).toBe('alice');
      expect(res.headers['x-required-permission']).toBe(
        'hudson.model.Item.Build',
      );
      // One header per link of Item.BUILD's impliedBy chain (node joins them).
      expect(res.headers['x-permission-implied-by']).toBe(
        'hudson.security.Permission.GenericUpdate, hudson.security.Permission.GenericWrite, hudson.model.Hudson.Administer',
      );
      expect(res.text).toContain('alice is missing the Job/Build permission');
    });

    // role-strategy RoleMap#hasPermission with the demo's item roles; core BuildAuthorizationToken#checkPermission.
    it('lets bob build deploy-production and carol build nothing', async () => {
      const prod = `${sim.url}/job/payments/job/deploy-production/buildWithParameters`;
      expect(
        (await simHttp(prod, { method: 'POST', basic: token('bob') })).status,
      ).toBe(201);
      const carol = await simHttp(
        `${sim.url}/job/payments/job/deploy-staging/buildWithParameters`,
        { method: 'POST', basic: token('carol') },
      );
      expect(carol.status).toBe(403);
    });

    // role-strategy RoleMap#newMatchingRoleMap: Pattern#matcher(fullName).matches().
    it('matches item patterns against the full name, anchored', async () => {
      await sim.control.loadScenario({
        users: [{ id: 'u', groups: ['g'], apiTokens: ['t'] }],
        roles: {
          global: [
            {
              name: 'r',
              permissions: ['Overall/Read'],
              groups: ['authenticated'],
            },
          ],
          items: [
            {
              name: 'd',
              pattern: 'team',
              permissions: ['Job/Read'],
              groups: ['g'],
            },
          ],
        },
        jobs: [
          { name: 'team', type: 'freestyle' },
          { name: 'team-b', type: 'freestyle' },
        ],
      });
      const u = { basic: ['u', 't'] as [string, string] };
      expect((await simHttp(`${sim.url}/job/team/api/json`, u)).status).toBe(
        200,
      );
      expect((await simHttp(`${sim.url}/job/team-b/api/json`, u)).status).toBe(
        404,
      );
      await sim.control.loadScenario('demo');
    });

    // core Jenkins#getMe (User.current()) and hudson.model.User's exported properties.
    it('serves /me/api/json for the authenticated user', async () => {
      const res = await simHttp(`${sim.url}/me/api/json`, {
        basic: token('bob'),
      });
      expect(res.json()).toMatchObject({
        _class: 'hudson.model.User',
        id: 'bob',
        fullName: 'Bob',
      });
    });
  });

  describe('crumbs', () => {
    // core DefaultCrumbIssuer#issueCrumb (session-bound) and CrumbIssuer (@Exported crumb, crumbRequestField).
    it('issues a crumb with a JSESSIONID cookie', async () => {
      const res = await simHttp(`${sim.url}/crumbIssuer/api/json`, {
        basic: token('alice'),
      });
      expect(res.json()).toMatchObject({
        _class: 'hudson.security.csrf.DefaultCrumbIssuer',
        crumb: expect.stringMatching(/^[0-9a-f]{64}$/),
        crumbRequestField: 'Jenkins-Crumb',
      });
      expect(res.headers['set-cookie']?.[0]).toMatch(
        /^JSESSIONID\.[0-9a-f]{8}=[^;]+; Path=\/; HttpOnly$/,
      );
    });

    // core Jenkins#getTarget: crumbIssuer is not in ALWAYS_READABLE_PATHS.
    it('asks an anonymous caller without Overall/Read to log in for a crumb', async () => {
      const res = await simHttp(`${sim.url}/crumbIssuer/api/json`);
      expect(res.status).toBe(403);
      expect(res.text).toContain('/login?from=%2FcrumbIssuer%2Fapi%2Fjson');
    });

    // core CrumbFilter: sendError(403, "No valid crumb was included in the request").
    it('rejects a JWT POST without a crumb, and accepts it with crumb and cookie from the same JWT', async () => {
      const jwt = await sign(key1, {
        preferred_username: 'alice',
        groups: ['team-payments'],
      });
      const url = `${sim.url}/job/payments/job/deploy-staging/buildWithParameters`;
      const without = await simHttp(url, { method: 'POST', bearer: jwt });
      expect(without.status).toBe(403);
      expect(without.text).toContain(
        'No valid crumb was included in the request',
      );
      const headers = await crumbHeaders(sim.url, { bearer: jwt });
      const withCrumb = await simHttp(url, {
        method: 'POST',
        bearer: jwt,
        headers,
      });
      expect(withCrumb.status).toBe(201);
      expect(
        sim.control
          .requests({ path: 'buildWithParameters' })
          .map(r => [r.realm, r.crumb, r.status]),
      ).toEqual([
        ['jwt', 'invalid', 403],
        ['jwt', 'valid', 201],
      ]);
    });

    // core DefaultCrumbIssuer#validateCrumb: the crumb hashes the session id (EXCLUDE_SESSION_ID off).
    it('rejects a crumb from one session used with another session cookie', async () => {
      const jwt = await sign(key1, {
        preferred_username: 'alice',
        groups: ['team-payments'],
      });
      const a = await crumbHeaders(sim.url, { bearer: jwt });
      const b = await crumbHeaders(sim.url, { bearer: jwt });
      const res = await simHttp(
        `${sim.url}/job/payments/job/deploy-staging/buildWithParameters`,
        {
          method: 'POST',
          bearer: jwt,
          headers: { 'Jenkins-Crumb': a['Jenkins-Crumb'], Cookie: b.Cookie },
        },
      );
      expect(res.status).toBe(403);
    });

    // core DefaultCrumbIssuer: the crumb hashes the authentication name.
    it('rejects a crumb issued to another user', async () => {
      const aliceJwt = await sign(key1, {
        preferred_username: 'alice',
        groups: ['team-payments'],
      });
      const bobJwt = await sign(key1, {
        preferred_username: 'bob',
        groups: ['release-managers'],
      });
      const headers = await crumbHeaders(sim.url, { bearer: bobJwt });
      const res = await simHttp(
        `${sim.url}/job/payments/job/deploy-staging/buildWithParameters`,
        {
          method: 'POST',
          bearer: aliceJwt,
          headers,
        },
      );
      expect(res.status).toBe(403);
    });

    // simulator control API; core's equivalent is a new crumb salt / expired sessions.
    it('rejects every crumb after invalidateCrumbs', async () => {
      const jwt = await sign(key1, {
        preferred_username: 'alice',
        groups: ['team-payments'],
      });
      const headers = await crumbHeaders(sim.url, { bearer: jwt });
      sim.control.invalidateCrumbs();
      const res = await simHttp(
        `${sim.url}/job/payments/job/deploy-staging/buildWithParameters`,
        {
          method: 'POST',
          bearer: jwt,
          headers,
        },
      );
      expect(res.status).toBe(403);
    });

    // core CrumbFilter: the crumb may come as header or request parameter.
    it('accepts the crumb as a form parameter', async () => {
      const jwt = await sign(key1, {
        preferred_username: 'alice',
        groups: ['team-payments'],
      });
      const headers = await crumbHeaders(sim.url, { bearer: jwt });
      const res = await simHttp(
        `${sim.url}/job/payments/job/deploy-staging/buildWithParameters`,
        {
          method: 'POST',
          bearer: jwt,
          headers: { Cookie: headers.Cookie },
          form: { 'Jenkins-Crumb': headers['Jenkins-Crumb'], VERSION: '1' },
        },
      );
      expect(res.status).toBe(201);
    });

    // core Jenkins#getCrumbIssuer null → no CrumbFilter check, /crumbIssuer 404.
    it('needs no crumb when crumbs are off, and then /crumbIssuer is 404', async () => {
      sim.control.configureRealm({ crumbs: false });
      const jwt = await sign(key1, {
        preferred_username: 'alice',
        groups: ['team-payments'],
      });
      expect(
        (await simHttp(`${sim.url}/crumbIssuer/api/json`, { bearer: jwt }))
          .status,
      ).toBe(404);
      const res = await simHttp(
        `${sim.url}/job/payments/job/deploy-staging/buildWithParameters`,
        { method: 'POST', bearer: jwt },
      );
      expect(res.status).toBe(201);
      expect(
        (await simHttp(`${sim.url}/api/json`, { bearer: jwt })).json()
          .useCrumbs,
      ).toBe(false);
    });
  });

  describe('JWT realm', () => {
    // jwt-auth JwtAuthSecurityRealm filter: userClaimName, groupsClaimName (list), AUTHENTICATED_AUTHORITY2.
    it('maps the user and groups claims', async () => {
      const jwt = await sign(key1, {
        preferred_username: 'dave',
        groups: ['release-managers', 'x'],
      });
      const res = await simHttp(`${sim.url}/whoAmI/api/json`, { bearer: jwt });
      expect(res.json()).toMatchObject({
        name: 'dave',
        authorities: ['authenticated', 'release-managers', 'x'],
      });
      expect(sim.control.requests()[0]).toMatchObject({
        realm: 'jwt',
        user: 'dave',
        groups: ['release-managers', 'x'],
      });
    });

    // jwt-auth JwtAuthSecurityRealm: StringUtils.split(groups, groupsClaimSeparator).
    it('splits a string groups claim on the separator', async () => {
      const jwt = await sign(key1, {
        preferred_username: 'dave',
        groups: 'a,b',
      });
      const res = await simHttp(`${sim.url}/whoAmI/api/json`, { bearer: jwt });
      expect(res.json().authorities).toEqual(['authenticated', 'a', 'b']);
    });

    it.each([
      ['a wrong issuer', { iss: 'evil' }],
      ['a wrong audience', { aud: 'other' }],
      ['an expired token', { exp: '-10m' }],
    ])('treats %s as anonymous rather than 401', async (_name, opts) => {
      const jwt = await sign(key1, { preferred_username: 'alice' }, opts);
      const who = await simHttp(`${sim.url}/whoAmI/api/json`, { bearer: jwt });
      expect(who.status).toBe(200);
      expect(who.json()).toMatchObject({ anonymous: true, name: 'anonymous' });
      const job = await simHttp(`${sim.url}/job/payments/api/json`, {
        bearer: jwt,
      });
      expect(job.status).toBe(403);
    });

    // jwt-auth JwtAuthSecurityRealm: any verification failure → Jenkins.ANONYMOUS2.
    it('treats a token signed by an unpublished key as anonymous', async () => {
      const rogue = await newKey('k1');
      const jwt = await sign(rogue, { preferred_username: 'alice' });
      const who = await simHttp(`${sim.url}/whoAmI/api/json`, { bearer: jwt });
      expect(who.json().anonymous).toBe(true);
      expect(sim.control.requests()[0].realm).toBe('anonymous');
    });

    // jose4j HttpsJwksVerificationKeyResolver (used by jwt-auth) refreshes the JWKS on an unknown kid.
    it('re-fetches the JWKS when an unknown kid arrives', async () => {
      const first = await sign(key1, { preferred_username: 'alice' });
      await simHttp(`${sim.url}/whoAmI/api/json`, { bearer: first });
      const before = jwksFetches;
      const key2 = await newKey('k2');
      published = [key1, key2];
      const second = await sign(key2, { preferred_username: 'bob' });
      const who = await simHttp(`${sim.url}/whoAmI/api/json`, {
        bearer: second,
      });
      expect(who.json().name).toBe('bob');
      expect(jwksFetches).toBe(before + 1);
    });
  });

  describe('reverse-proxy headers', () => {
    const proxyHeaders = {
      'X-Forwarded-User': 'erin',
      'X-Forwarded-Groups': 'team-payments|ops',
      'X-Forwarded-Mail': 'erin@example.com',
      'X-Forwarded-DisplayName': 'Erin',
    };

    // reverse-proxy-auth ReverseProxySecurityRealm#createFilter (only when that realm is configured).
    it('ignores the headers unless the mode is enabled', async () => {
      const res = await simHttp(`${sim.url}/whoAmI/api/json`, {
        headers: proxyHeaders,
      });
      expect(res.json().anonymous).toBe(true);
    });

    // reverse-proxy-auth ReverseProxySecurityRealm#createFilter: forwardedUser, headerGroups split on
    // headerGroupsDelimiter (default "|"); not an API token, so CrumbFilter applies.
    it('trusts the headers when enabled, with | separated groups, and needs a crumb to POST', async () => {
      sim.control.configureRealm({ proxyHeaders: { enabled: true } });
      const who = (
        await simHttp(`${sim.url}/whoAmI/api/json`, { headers: proxyHeaders })
      ).json();
      expect(who).toMatchObject({
        name: 'erin',
        authorities: ['authenticated', 'team-payments', 'ops'],
      });
      const url = `${sim.url}/job/payments/job/deploy-staging/buildWithParameters`;
      expect(
        (await simHttp(url, { method: 'POST', headers: proxyHeaders })).status,
      ).toBe(403);
      const crumb = await crumbHeaders(sim.url, { headers: proxyHeaders });
      const res = await simHttp(url, {
        method: 'POST',
        headers: { ...proxyHeaders, ...crumb },
      });
      expect(res.status).toBe(201);
      const item = (
        await simHttp(`${res.headers.location}api/json`, {
          headers: proxyHeaders,
        })
      ).json();
      expect(item.actions[1].causes[0]).toMatchObject({
        userId: 'erin',
        userName: 'Erin',
        shortDescription: 'Started by user Erin',
      });
    });

    // reverse-proxy-auth ReverseProxySecurityRealm#createFilter: the header user wins over an API token.
    it('lets the header win over Basic credentials', async () => {
      sim.control.configureRealm({ proxyHeaders: { enabled: true } });
      const who = await simHttp(`${sim.url}/whoAmI/api/json`, {
        headers: proxyHeaders,
        basic: token('bob'),
      });
      expect(who.json().name).toBe('erin');
    });
  });
});
