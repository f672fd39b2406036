#!/usr/bin/env node
/*
 * Does what packages/backend/Dockerfile does, without Docker, and checks that
 * the result scales out:
 *
 * 1. `yarn build:backend` (skip with --skip-build to reuse packages/backend/dist);
 * 2. in a temporary directory: yarn.lock, package.json, .yarnrc.yml and the
 *    skeleton, `yarn workspaces focus --all --production`, then the bundle and
 *    app-config*.yaml — the image's /app;
 * 3. the simulator as the Jenkins (jwt realm) and the dev OIDC IdP as the
 *    identity provider, then two backend replicas started as the image starts
 *    them (`node packages/backend --config app-config.yaml --config
 *    app-config.production.yaml`, NODE_ENV=production) on a fresh set of
 *    PostgreSQL databases and one Redis, on two ports, plus a small smoke
 *    config (catalog of examples/, database prefix, cache namespace) and the
 *    port in APP_CONFIG_backend_listen_port, as Backstage's Helm chart sets it;
 * 4. checks: both answer /api/jenkins/health; alice signs in through the real
 *    OIDC code flow on replica A and her Backstage token works on both;
 *    a read on A then the same read on B makes Jenkins requests only once
 *    (the shared Redis cache, from the simulator's request log); one
 *    Idempotency-Key sent to both replicas at once queues exactly one build.
 *
 * Needs PostgreSQL (trust auth) and Redis; the registry comes from the
 * environment (.ci/bootstrap.sh). Everything started here is stopped at exit,
 * the temporary directory and the databases are removed (--keep keeps them).
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = new Set(process.argv.slice(2));
const PG = {
  host: process.env.SMOKE_POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.SMOKE_POSTGRES_PORT ?? 5432),
  user: process.env.SMOKE_POSTGRES_USER ?? 'postgres',
  password: process.env.SMOKE_POSTGRES_PASSWORD ?? 'postgres',
};
const REDIS_URL = process.env.SMOKE_REDIS_URL ?? 'redis://127.0.0.1:6379';
const runId = `${Date.now().toString(36)}${crypto
  .randomBytes(3)
  .toString('hex')}`;
const dbPrefix = `smoke_${runId}_`;
const started = Date.now();
const children = [];
let workDir;

function log(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[smoke ${seconds}s] ${message}`);
}

function run(command, argv, options = {}) {
  log(
    `$ ${command} ${argv.join(' ')}${
      options.cwd ? ` (in ${options.cwd})` : ''
    }`,
  );
  const result = spawnSync(command, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...options,
  });
  if (result.status !== 0) {
    process.stdout.write(`${result.stdout}`.slice(-4000));
    process.stderr.write(`${result.stderr}`.slice(-4000));
    throw new Error(
      `${command} ${argv.join(' ')} exited ${result.status ?? result.error}`,
    );
  }
  return result.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a long-running process in its own group; its output goes to a file. */
function start(name, command, argv, options = {}) {
  const logFile = path.join(workDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, argv, {
    stdio: ['ignore', out, out],
    detached: true,
    ...options,
  });
  fs.closeSync(out);
  const entry = { name, child, logFile, exited: false };
  child.on('exit', (code, signal) => {
    entry.exited = true;
    entry.code = code ?? signal;
  });
  children.push(entry);
  log(`started ${name} (pid ${child.pid}), log ${logFile}`);
  return entry;
}

function tail(entry, lines = 40) {
  try {
    return fs
      .readFileSync(entry.logFile, 'utf8')
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '';
  }
}

async function waitFor(description, check, entry, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (
      entry &&
      /Unhandled rejection|Backend failed to start/.test(tail(entry, 200))
    ) {
      throw new Error(`${entry.name} failed to start:\n${tail(entry)}`);
    }
    if (entry?.exited) {
      throw new Error(
        `${entry.name} exited (${entry.code}) before ${description}:\n${tail(
          entry,
        )}`,
      );
    }
    try {
      const value = await check();
      if (value) {
        return value;
      }
    } catch (e) {
      lastError = e;
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `timed out waiting for ${description}${
      lastError ? ` (${lastError.message})` : ''
    }${entry ? `:\n${tail(entry)}` : ''}`,
  );
}

async function stopAll() {
  const stop = async entry => {
    if (entry.exited) {
      return;
    }
    try {
      process.kill(-entry.child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const deadline = Date.now() + 10_000;
    while (!entry.exited && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 100));
    }
    if (!entry.exited) {
      try {
        process.kill(-entry.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      while (!entry.exited && Date.now() < deadline + 5_000) {
        await new Promise(r => setTimeout(r, 100));
      }
    }
  };
  await Promise.all(children.map(stop));
  log(`stopped ${children.map(e => `${e.name} (${e.code})`).join(', ')}`);
}

async function withPg(fn) {
  const { Client } = require('pg');
  const client = new Client({ ...PG, database: 'postgres' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dropDatabases() {
  await withPg(async client => {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${dbPrefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    if (rows.length) {
      log(`dropped ${rows.length} databases ${dbPrefix}*`);
    }
  });
}

/** A browser's cookie jar, one per origin, following no redirect by itself. */
function browser() {
  const jars = new Map();
  return async (url, init = {}) => {
    const { origin } = new URL(url);
    const jar = jars.get(origin) ?? new Map();
    jars.set(origin, jar);
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...init.headers,
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair.indexOf('=');
      jar.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  };
}

/**
 * The OIDC code flow a person's browser goes through: Backstage's
 * /api/auth/oidc/start, the IdP's login form, the IdP's redirect back to the
 * backend's handler, whose page posts the Backstage identity to the app.
 */
async function signIn(backendUrl, user) {
  const go = browser();
  const startUrl = `${backendUrl}/api/auth/oidc/start?${new URLSearchParams({
    env: 'production',
    origin: backendUrl,
    scope: 'openid profile email groups',
  })}`;
  let response = await go(startUrl);
  for (let hops = 0; hops < 20; hops++) {
    const location = response.headers.get('location');
    if (response.status === 200) {
      const page = await response.text();
      const match = /decodeURIComponent\('([^']*)'\)/.exec(page);
      if (!match) {
        throw new Error(`no auth response in the handler page: ${page}`);
      }
      const message = JSON.parse(decodeURIComponent(match[1]));
      if (message.type !== 'authorization_response' || message.error) {
        throw new Error(`sign-in failed: ${JSON.stringify(message)}`);
      }
      return message.response.backstageIdentity;
    }
    if (![302, 303].includes(response.status) || !location) {
      throw new Error(
        `sign-in: HTTP ${response.status} ${await response.text()}`,
      );
    }
    const next = new URL(location, response.url).toString();
    if (/\/interaction\/[^/?]+$/.test(new URL(next).pathname)) {
      response = await go(`${next}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          username: user,
          password: user,
        }).toString(),
      });
    } else {
      response = await go(next);
    }
  }
  throw new Error('sign-in: too many redirects');
}

async function json(url, init) {
  const response = await fetch(url, init);
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body };
}

function check(condition, message) {
  if (!condition) {
    throw new Error(`check failed: ${message}`);
  }
  log(`ok - ${message}`);
}

function yaml(value) {
  // JSON is YAML; the config loader reads either.
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function main() {
  // 1. The host build, as Backstage's Docker guide does it.
  if (!args.has('--skip-build')) {
    run('yarn', ['build:backend'], { cwd: root });
  }
  const dist = path.join(root, 'packages/backend/dist');
  for (const file of ['skeleton.tar.gz', 'bundle.tar.gz']) {
    if (!fs.existsSync(path.join(dist, file))) {
      throw new Error(`${dist}/${file} is missing: run yarn build:backend`);
    }
  }

  // 2. The image's /app, step by step as in packages/backend/Dockerfile.
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstage-smoke-'));
  const app = path.join(workDir, 'app');
  fs.mkdirSync(app);
  log(`working in ${workDir}`);
  for (const file of [
    '.yarnrc.yml',
    'backstage.json',
    'yarn.lock',
    'package.json',
  ]) {
    fs.copyFileSync(path.join(root, file), path.join(app, file));
  }
  for (const dir of ['patches', 'plugins', 'releases']) {
    const from = path.join(root, '.yarn', dir);
    if (fs.existsSync(from)) {
      fs.cpSync(from, path.join(app, '.yarn', dir), { recursive: true });
    }
  }
  run('tar', ['xzf', path.join(dist, 'skeleton.tar.gz')], { cwd: app });
  const installEnv = { ...process.env, NODE_ENV: 'production' };
  run('yarn', ['workspaces', 'focus', '--all', '--production'], {
    cwd: app,
    env: installEnv,
  });
  fs.cpSync(path.join(root, 'examples'), path.join(app, 'examples'), {
    recursive: true,
  });
  run('tar', ['xzf', path.join(dist, 'bundle.tar.gz')], { cwd: app });
  for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
    fs.copyFileSync(path.join(root, file), path.join(app, file));
  }
  check(
    !fs.existsSync(path.join(app, 'node_modules/better-sqlite3')),
    'the production install has no better-sqlite3 (PostgreSQL only)',
  );

  // 3. Jenkins (the simulator), the IdP, PostgreSQL, Redis, two replicas.
  const [simPort, idpPort, portA, portB] = await Promise.all(
    [0, 1, 2, 3].map(() => freePort()),
  );
  const urlA = `http://127.0.0.1:${portA}`;
  const urlB = `http://127.0.0.1:${portB}`;
  const simUrl = `http://127.0.0.1:${simPort}`;
  const idpUrl = `http://127.0.0.1:${idpPort}`;

  const sim = start('jenkins-sim', process.execPath, [
    path.join(root, 'packages/jenkins-sim/bin/jenkins-sim'),
    ...['--port', String(simPort), '--public-host', '127.0.0.1'],
    // jwt-auth fetches Backstage's keys; they are in PostgreSQL, so any
    // replica serves the same set.
    ...['--jwks-url', `${urlA}/api/jenkins/.well-known/jwks.json`],
  ]);
  const idp = start('dev-idp', process.execPath, [
    path.join(root, 'packages/dev-idp/bin/dev-idp'),
    ...['--port', String(idpPort), '--issuer', idpUrl],
    ...[urlA, urlB].flatMap(u => [
      '--redirect-uri',
      `${u}/api/auth/oidc/handler/frame`,
    ]),
  ]);
  await waitFor(
    'the simulator',
    async () => (await fetch(`${simUrl}/__sim/clock`)).ok,
    sim,
  );
  await waitFor(
    'the IdP',
    async () => (await fetch(`${idpUrl}/.well-known/openid-configuration`)).ok,
    idp,
  );

  await dropDatabases();
  fs.writeFileSync(
    path.join(app, 'app-config.smoke.yaml'),
    yaml({
      backend: {
        // A fresh set of databases (one per plugin) for this run.
        database: { prefix: dbPrefix },
        // This run's keys only, in the shared Redis.
        cache: { redis: { client: { namespace: `smoke-${runId}` } } },
      },
      catalog: {
        locations: ['entities.yaml', 'org.yaml'].map(file => ({
          type: 'file',
          target: path.join(app, 'examples', file),
        })),
      },
    }),
  );
  const secret = () => crypto.randomBytes(36).toString('base64');
  const sharedEnv = {
    ...process.env,
    NODE_ENV: 'production',
    POSTGRES_HOST: PG.host,
    POSTGRES_PORT: String(PG.port),
    POSTGRES_USER: PG.user,
    POSTGRES_PASSWORD: PG.password,
    REDIS_URL,
    AUTH_SESSION_SECRET: secret(),
    OIDC_METADATA_URL: `${idpUrl}/.well-known/openid-configuration`,
    OIDC_CLIENT_ID: 'backstage',
    OIDC_CLIENT_SECRET: 'backstage-dev-secret',
    JENKINS_INSTANCE_NAME: 'default',
    JENKINS_BASE_URL: simUrl,
    JENKINS_IDENTITY_STRATEGY: 'jwt',
    // The simulator's demo realm accepts issuer `backstage`, audience `jenkins`.
    JENKINS_JWT_ISSUER: 'backstage',
    JENKINS_JWT_AUDIENCE: 'jenkins',
    JENKINS_KEY_ENCRYPTION_SECRET: secret(),
    // Verified reads (the recommended mode): data read as the demo's
    // read-only user and shared, each person's access checked by Jenkins.
    JENKINS_READ_USER: 'backstage-reader',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: '2525',
    NOTIFICATIONS_EMAIL_SENDER: 'backstage@example.com',
    SLACK_BOT_TOKEN: 'xoxb-smoke-not-a-token',
  };
  const replicas = [];
  for (const [name, port, url] of [
    ['replica-a', portA, urlA],
    ['replica-b', portB, urlB],
  ]) {
    replicas.push({
      name,
      url,
      entry: start(
        name,
        process.execPath,
        [
          'packages/backend',
          ...['--config', 'app-config.yaml'],
          ...['--config', 'app-config.production.yaml'],
          ...['--config', 'app-config.smoke.yaml'],
        ],
        {
          cwd: app,
          env: {
            ...sharedEnv,
            APP_BASE_URL: url,
            BACKEND_BASE_URL: url,
            // As Backstage's Helm chart sets the port.
            APP_CONFIG_backend_listen_port: String(port),
          },
        },
      ),
    });
    if (name === 'replica-a') {
      // Let A create the schemas first; B then starts on migrated databases.
      await waitFor(
        `${name}/api/jenkins/health`,
        async () => (await fetch(`${url}/api/jenkins/health`)).ok,
        replicas[0].entry,
        180_000,
      );
    }
  }

  // 4. The checks.
  for (const replica of replicas) {
    const health = await waitFor(
      `${replica.name}/api/jenkins/health`,
      async () => {
        const answer = await json(`${replica.url}/api/jenkins/health`);
        return answer.status === 200 ? answer : undefined;
      },
      replica.entry,
      180_000,
    );
    check(
      health.body.status === 'ok',
      `${replica.name} answers /api/jenkins/health (NODE_ENV=production, PostgreSQL, Redis)`,
    );
  }

  const guest = await json(`${urlA}/api/auth/guest/refresh`);
  check(
    guest.status >= 400 && !guest.body?.backstageIdentity,
    `the guest provider signs nobody in (HTTP ${guest.status})`,
  );

  const entity = 'component/default/payments-service';
  const asAlice = {};
  await waitFor(
    'alice in the catalog and her OIDC sign-in',
    async () => {
      const identity = await signIn(urlA, 'alice');
      asAlice.authorization = `Bearer ${identity.token}`;
      asAlice.identity = identity.identity;
      const answer = await json(
        `${urlA}/api/catalog/entities/by-name/${entity}`,
        {
          headers: asAlice,
        },
      );
      return answer.status === 200;
    },
    replicas[0].entry,
    120_000,
  );
  check(
    asAlice.identity.userEntityRef === 'user:default/alice',
    `alice signed in through the OIDC code flow on replica A (${asAlice.identity.ownershipEntityRefs.join(
      ', ',
    )})`,
  );

  const unauthenticated = await json(
    `${urlB}/api/jenkins/v1/entities/${entity}/jobs`,
  );
  check(
    unauthenticated.status === 401,
    `replica B refuses a read without credentials (HTTP ${unauthenticated.status})`,
  );

  // The shared cache: the same read on A, then on B.
  await fetch(`${simUrl}/__sim/requests`, { method: 'DELETE' });
  const jobsPath = `/api/jenkins/v1/entities/${entity}/jobs`;
  const readA = await json(`${urlA}${jobsPath}`, { headers: asAlice });
  check(
    readA.status === 200 && readA.body.jobs.length === 3,
    `replica A serves alice's Jenkins jobs (${readA.status}, ${readA.body.jobs?.length} jobs)`,
  );
  const afterA = (await json(`${simUrl}/__sim/requests`)).body;
  const readB = await json(`${urlB}${jobsPath}`, { headers: asAlice });
  const afterB = (await json(`${simUrl}/__sim/requests`)).body;
  check(
    readB.status === 200 &&
      JSON.stringify(readB.body.jobs) === JSON.stringify(readA.body.jobs),
    'replica B serves the same jobs with the token replica A issued',
  );
  const describe = list =>
    list.map(r => `${r.method} ${r.path} as ${r.user ?? r.realm}`).join('; ');
  check(
    afterA.length > 0 && afterB.length === afterA.length,
    `the read on A made ${afterA.length} Jenkins request(s) [${describe(
      afterA,
    )}], the same read on B ${
      afterB.length - afterA.length
    }: they share the Redis cache`,
  );

  // One idempotency key, both replicas, at the same time: one build.
  const staging = readA.body.jobs.find(
    job => job.fullName === 'payments/deploy-staging',
  );
  check(Boolean(staging), 'payments/deploy-staging is among the jobs');
  await fetch(`${simUrl}/__sim/requests`, { method: 'DELETE' });
  const key = `smoke-${runId}`;
  const trigger = url =>
    json(`${url}${jobsPath}/${encodeURIComponent(staging.id)}/builds`, {
      method: 'POST',
      headers: {
        ...asAlice,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify({ parameters: { VERSION: '1.2.3' } }),
    });
  const [a, b] = await Promise.all([trigger(urlA), trigger(urlB)]);
  check(
    a.status === 202 && b.status === 202,
    `both replicas accept the trigger (HTTP ${a.status}, ${b.status})`,
  );
  check(
    a.body.queue?.queueId === b.body.queue?.queueId,
    `both answer the same queue item (${a.body.queue?.queueId}); replayed: A ${
      a.headers.get('idempotent-replayed') ?? 'no'
    }, B ${b.headers.get('idempotent-replayed') ?? 'no'}`,
  );
  const posts = (
    await json(`${simUrl}/__sim/requests?method=POST`)
  ).body.filter(r => /\/build(WithParameters)?$/.test(r.path));
  check(
    posts.length === 1 && posts[0].user === 'alice' && posts[0].realm === 'jwt',
    `Jenkins received exactly one trigger, as alice through the jwt realm [${describe(
      posts,
    )}]`,
  );
}

async function cleanup() {
  await stopAll();
  if (!args.has('--keep')) {
    try {
      await dropDatabases();
    } catch (e) {
      console.error(`could not drop the smoke databases: ${e.message}`);
    }
    if (workDir) {
      fs.rmSync(workDir, { recursive: true, force: true });
      log(`removed ${workDir}`);
    }
  }
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    cleanup().finally(() => process.exit(130));
  });
}

main()
  .then(
    () => 0,
    e => {
      console.error(`[smoke] FAILED: ${e.stack ?? e}`);
      return 1;
    },
  )
  .then(async code => {
    await cleanup();
    log(code === 0 ? 'smoke test passed' : 'smoke test failed');
    process.exit(code);
  });
