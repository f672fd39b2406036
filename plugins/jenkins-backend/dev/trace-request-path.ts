/*
 * Follows two requests through the backend's source files and counts how
 * often their path changes file. Not a test; run it from
 * plugins/jenkins-backend with
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs dev/trace-request-path.ts [--verbose]
 *
 * `--verbose` adds each request's call tree (file:line and function).
 * The script is self-contained (its own simulator, backend and catalog, no
 * test utilities of src/), so the same file runs on any revision of the
 * plugin: copy it into an older checkout to compare.
 *
 * Instrumentation. Before the plugin is loaded, every function with a body
 * in a .ts file under src/ (tests and __testUtils__ excluded) is rewritten in
 * its TypeScript source to run its body through a tracer: function
 * declarations, class methods (static or not), object-literal methods,
 * function expressions and arrow functions, closures included. Not traced:
 * constructors, getters/setters, generators, and all code outside src/
 * (Express, Backstage services, knex, the simulator). A traced call is one
 * call of such a function; it ends when it returns or throws or, if it
 * returns a native promise, when that promise settles. Its caller is the
 * innermost traced call it runs under, followed across `await` and
 * callbacks with AsyncLocalStorage (so calls made through `Promise.all`, or
 * by a library calling back into src/, get the right caller).
 *
 * Requests. A backend (this plugin, an allow-all permission service, a mock
 * catalog with component:default/payments-service, whose annotation names
 * three jobs, and its users, `userInfo` with the users' groups, JWT
 * identity, reads not cached) in front of the simulator's `demo` scenario
 * on a virtual clock, so the build stays queued. After one untraced warm-up
 * read (signing key, the caller's profile), alice (team-payments, allowed
 * to build it) triggers payments/deploy-staging (`POST
 * …/jobs/:jobId/builds`, body `{}`), then reads the entity's jobs (`GET
 * …/jobs`), each traced on its own.
 *
 * The path of a request is the tree of traced calls made from the route
 * handler (the first function of src/ that Express calls for the request,
 * recognised by a header on its `req`; a middleware of src/ and the route
 * handler it leads to are both followed), until the answer reaches the
 * client; calls made after that, and calls belonging to other requests (Jenkins
 * fetching the JWKS) or timers, are reported but not counted.
 *
 * The file sequence walks that tree depth first, calls in the order they
 * were made (concurrent calls one after the other, so the figures do not
 * depend on timing): a call moves the path into its function's file and,
 * when it ends, back into its caller's file; consecutive repeats of a file
 * are merged. Then
 *
 *   files    = the distinct files of the sequence;
 *   entries  = the length of the sequence: the handler's file plus every
 *              move into a different file than the current one (a call into
 *              another file, or the return from one into the caller's);
 *   returns  = entries into a file the sequence has already been in and
 *              left (so returns = entries − files), also listed per file.
 *
 * Two views are printed: `whole path` (every traced call) and `to the
 * gateway`, which counts a call into src/jenkins/ (the Jenkins gateway and
 * client) as reaching Jenkins and does not follow the calls made inside it.
 *
 * The issue on the backend redesign quoted 7 files / 34 entries / 27
 * returns for a trigger and 9 / 12 / 3 for a read on the old code. These
 * definitions do not reproduce them on 93234f3, and neither did variants
 * tried on the same trace (counting call entries only, ignoring closures or
 * everything but class methods, stopping at the gateway, limiting depth).
 */
import {
  BackendFeature,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startJenkinsSim } from '@internal/jenkins-sim';
import { encodeJobId } from '@internal/plugin-jenkins-common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { AddressInfo } from 'node:net';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
// The monorepo's TypeScript (a root devDependency), for its parser only.
// eslint-disable-next-line @backstage/no-undeclared-imports
import ts from 'typescript';

/* ---------------------------------------------------------------------- */
/* Tracer                                                                  */
/* ---------------------------------------------------------------------- */

interface TracedFunction {
  file: string;
  name: string;
  line: number;
}

interface Call {
  seq: number;
  fn: TracedFunction;
  parent?: Call;
  /** The `x-trace-request` header when the first argument is a request. */
  request?: string;
}

type TraceEvent = { type: 'enter' | 'exit'; call: Call };

const TRACE_HEADER = 'x-trace-request';

class Tracer {
  readonly functions: TracedFunction[] = [];
  events: TraceEvent[] = [];
  recording = false;
  private seq = 0;
  private readonly current = new AsyncLocalStorage<Call>();

  register(fn: TracedFunction): number {
    return this.functions.push(fn) - 1;
  }

  call<T>(id: number, firstArgument: unknown, body: () => T): T {
    if (!this.recording) {
      return body();
    }
    const call: Call = {
      seq: this.seq++,
      fn: this.functions[id],
      parent: this.current.getStore(),
      request: requestTagOf(firstArgument),
    };
    this.events.push({ type: 'enter', call });
    let result: T;
    try {
      result = this.current.run(call, body);
    } catch (error) {
      this.events.push({ type: 'exit', call });
      throw error;
    }
    if (result instanceof Promise) {
      const exit = () => {
        this.events.push({ type: 'exit', call });
      };
      result.then(exit, exit);
    } else {
      this.events.push({ type: 'exit', call });
    }
    return result;
  }
}

function requestTagOf(value: unknown): string | undefined {
  const tag = (value as { headers?: Record<string, unknown> } | undefined)
    ?.headers?.[TRACE_HEADER];
  return typeof tag === 'string' &&
    typeof (value as { method?: unknown }).method === 'string'
    ? tag
    : undefined;
}

const tracer = new Tracer();
(globalThis as { __jenkinsTrace?: Tracer }).__jenkinsTrace = tracer;

/* ---------------------------------------------------------------------- */
/* Source instrumentation                                                  */
/* ---------------------------------------------------------------------- */

const SRC = resolve(__dirname, '..', 'src');

function isTraced(filename: string): boolean {
  return (
    filename.startsWith(SRC + sep) &&
    filename.endsWith('.ts') &&
    !filename.endsWith('.d.ts') &&
    !/\.test\.ts$/.test(filename) &&
    !filename.includes(`${sep}__testUtils__${sep}`)
  );
}

type Traceable =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction;

function isTraceable(node: ts.Node): node is Traceable {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node)) &&
    node.body !== undefined &&
    !(node as { asteriskToken?: unknown }).asteriskToken
  );
}

function propertyName(name: ts.PropertyName, sf: ts.SourceFile): string {
  return ts.isIdentifier(name) || ts.isPrivateIdentifier(name)
    ? name.text
    : name.getText(sf);
}

/** A readable name for a function, from where it is defined. */
function nameOf(
  node: Traceable,
  owner: string | undefined,
  sf: ts.SourceFile,
): string {
  const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const within = (name: string) => (owner ? `${owner} › ${name}` : name);
  const parent = node.parent;
  if (ts.isFunctionDeclaration(node)) {
    return within(node.name?.text ?? `function@${line}`);
  }
  if (ts.isMethodDeclaration(node)) {
    return ts.isClassLike(parent)
      ? `${parent.name?.text ?? 'class'}.${propertyName(node.name, sf)}`
      : within(`{${propertyName(node.name, sf)}}`);
  }
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    return within(parent.name.text);
  }
  if (ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent)) {
    const className = parent.parent.name?.text ?? 'class';
    return `${className}.${propertyName(parent.name, sf)}`;
  }
  if (ts.isPropertyAssignment(parent)) {
    return within(`{${propertyName(parent.name, sf)}}`);
  }
  return within(`λ@${line}`);
}

/**
 * Rewrites every traceable function `f(a, …) { body }` into
 * `f(a, …) { return __jenkinsTrace.call(ID, a, () => { body }); }` (and
 * `(a) => expr` into `(a) => __jenkinsTrace.call(ID, a, () => (expr))`),
 * with `async` kept on the inner arrow, so that `this`, `arguments`,
 * `super` and `await` keep their meaning.
 */
function instrument(source: string, filename: string): string {
  const file = relative(SRC, filename).split(sep).join('/');
  const sf = ts.createSourceFile(
    filename,
    source,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const edits: Array<{ pos: number; text: string; rank: number }> = [];
  const visit = (node: ts.Node, depth: number, owner: string | undefined) => {
    let inner = owner;
    if (ts.isClassLike(node) && node.name) {
      inner = node.name.text;
    }
    if (isTraceable(node)) {
      const name = nameOf(node, owner, sf);
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      const id = tracer.register({ file, name, line });
      const isAsync = ts
        .getModifiers(node)
        ?.some(m => m.kind === ts.SyntaxKind.AsyncKeyword);
      const first = node.parameters.find(
        p => !(ts.isIdentifier(p.name) && p.name.text === 'this'),
      );
      const argument =
        first && ts.isIdentifier(first.name) ? first.name.text : 'undefined';
      const open = `__jenkinsTrace.call(${id}, ${argument}, ${
        isAsync ? 'async ' : ''
      }() => `;
      const body = node.body!;
      if (ts.isBlock(body)) {
        edits.push({
          pos: body.getStart(sf) + 1,
          text: `return ${open}{`,
          rank: 1000 + depth,
        });
        edits.push({ pos: body.getEnd() - 1, text: '});', rank: -depth });
      } else {
        edits.push({
          pos: body.getStart(sf),
          text: `${open}(`,
          rank: 1000 + depth,
        });
        edits.push({ pos: body.getEnd(), text: '))', rank: -depth });
      }
      inner = name;
    }
    ts.forEachChild(node, child => visit(child, depth + 1, inner));
  };
  visit(sf, 0, undefined);

  // At one position: closing texts first, innermost first; then opening
  // texts, outermost first.
  edits.sort((a, b) => b.pos - a.pos || b.rank - a.rank);
  let out = source;
  for (const edit of edits) {
    out = out.slice(0, edit.pos) + edit.text + out.slice(edit.pos);
  }
  return out;
}

/** The same compilation as @backstage/cli's node transform, instrumented. */
function compileInstrumented(filename: string): string {
  // eslint-disable-next-line @backstage/no-undeclared-imports
  const swc = require('@swc/core') as typeof import('@swc/core');
  return swc.transformSync(
    instrument(readFileSync(filename, 'utf8'), filename),
    {
      filename,
      module: { type: 'commonjs', ignoreDynamic: true },
      jsc: { target: 'es2024', parser: { syntax: 'typescript' } },
    },
  ).code;
}

function installInstrumentation() {
  const proto = (
    Module as unknown as {
      prototype: { _compile(content: string, filename: string): unknown };
    }
  ).prototype;
  const compile = proto._compile;
  proto._compile = function compileTraced(content: string, filename: string) {
    return compile.call(
      this,
      isTraced(filename) ? compileInstrumented(filename) : content,
      filename,
    );
  };
}

/* ---------------------------------------------------------------------- */
/* Metrics                                                                 */
/* ---------------------------------------------------------------------- */

interface CallNode {
  call: Call;
  children: CallNode[];
}

interface RequestPath {
  /** The handler calls of the request (usually one), with their callees. */
  roots: CallNode[];
  /** Traced calls under the handler until it settled. */
  calls: number;
  /** Traced calls under the handler after it settled (not counted). */
  callsAfterAnswer: number;
  /** Traced calls of other roots (other requests, timers) meanwhile. */
  otherCalls: number;
}

/** The call tree of the request tagged `tag`, up to its answer. */
function requestPath(
  events: TraceEvent[],
  tag: string,
  answeredAt: number,
): RequestPath {
  // The path is every call under the request's handlers (a middleware of
  // src/ that calls `next()` and the route handler it leads to, even across
  // body parsing) made before the answer reached the client.
  const nodes = new Map<Call, CallNode>();
  const roots: CallNode[] = [];
  let calls = 0;
  let callsAfterAnswer = 0;
  let otherCalls = 0;
  const late = new Set<Call>();
  for (const [index, { type, call }] of events.entries()) {
    const isRoot = !call.parent && call.request === tag;
    const parent = call.parent && nodes.get(call.parent);
    if (type !== 'enter') {
      continue;
    }
    if (!isRoot && !parent && !(call.parent && late.has(call.parent))) {
      otherCalls++;
    } else if (index >= answeredAt || (!isRoot && !parent)) {
      late.add(call);
      callsAfterAnswer++;
    } else {
      const node = { call, children: [] };
      nodes.set(call, node);
      (parent ? parent.children : roots).push(node);
      calls++;
    }
  }
  return { roots, calls, callsAfterAnswer, otherCalls };
}

type View = 'whole' | 'to-gateway';

/** Files of the gateway side: the path "reaches Jenkins" on entering one. */
const GATEWAY = /^jenkins\//;

interface PathFigures {
  files: number;
  entries: number;
  returns: number;
  sequence: string[];
  /** Re-entries per file, most first. */
  returnsByFile: Array<[string, number]>;
}

/**
 * The file sequence of a call tree, walked depth first (calls in the order
 * they were made; a call's callees before its next sibling): a call moves
 * to its function's file, and back to the caller's file when it ends.
 * `to-gateway` does not follow calls made inside the gateway side.
 */
function figures(path: RequestPath, view: View): PathFigures {
  const sequence: string[] = [];
  const move = (file: string) => {
    if (sequence[sequence.length - 1] !== file) sequence.push(file);
  };
  const visit = (node: CallNode) => {
    const { file } = node.call.fn;
    move(file);
    if (view === 'to-gateway' && GATEWAY.test(file)) {
      return;
    }
    for (const child of node.children) {
      visit(child);
      move(file);
    }
  };
  path.roots.forEach(visit);

  const seen = new Set<string>();
  const byFile = new Map<string, number>();
  for (const file of sequence) {
    if (seen.has(file)) byFile.set(file, (byFile.get(file) ?? 0) + 1);
    seen.add(file);
  }
  const returns = [...byFile.values()].reduce((a, b) => a + b, 0);
  return {
    files: seen.size,
    entries: sequence.length,
    returns,
    sequence,
    returnsByFile: [...byFile].sort((a, b) => b[1] - a[1]),
  };
}

/** How many times the run `sequence[i, i + len)` repeats from `i` on. */
function repeats(sequence: string[], i: number, len: number): number {
  let times = 1;
  const same = (start: number) =>
    sequence.slice(i, i + len).every((f, k) => f === sequence[start + k]);
  while (i + (times + 1) * len <= sequence.length && same(i + times * len)) {
    times++;
  }
  return times;
}

/** Folds repeats of a run of 2 to 4 files: `(a → b) ×3 → a`. */
function shorten(sequence: string[]): string {
  const parts: string[] = [];
  for (let i = 0; i < sequence.length; ) {
    let best = { len: 1, times: 1 };
    for (let len = 2; len <= 4; len++) {
      const times = repeats(sequence, i, len);
      if (times > 1 && len * times > best.len * best.times) {
        best = { len, times };
      }
    }
    if (best.times > 1) {
      parts.push(
        `(${sequence.slice(i, i + best.len).join(' → ')}) ×${best.times}`,
      );
      i += best.len * best.times;
    } else {
      parts.push(sequence[i]);
      i++;
    }
  }
  return parts.join(' → ');
}

function printTree(node: CallNode, depth: number, lines: string[]) {
  const { file, line, name } = node.call.fn;
  lines.push(`    ${'  '.repeat(depth)}${file}:${line} ${name}`);
  node.children.forEach(child => printTree(child, depth + 1, lines));
}

/* ---------------------------------------------------------------------- */
/* The backend and the requests                                           */
/* ---------------------------------------------------------------------- */

const GROUPS: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-payments'],
  'user:default/bob': ['group:default/release-managers'],
};

const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-service',
      namespace: 'default',
      annotations: {
        'jenkins.io/job-full-name':
          'payments/payments-service, payments/deploy-staging, payments/deploy-production',
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-payments',
      system: 'payments',
    },
  },
  ...['alice', 'bob'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {
      profile: { displayName: name, email: `${name}@example.com` },
      memberOf: GROUPS[`user:default/${name}`].map(g => g.split('/')[1]),
    },
  })),
];

async function main() {
  const { values } = parseArgs({
    options: { verbose: { type: 'boolean', default: false } },
  });

  installInstrumentation();
  // Loaded only now, so that the plugin's source files are instrumented.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { jenkinsPlugin } = require('../src/plugin') as {
    jenkinsPlugin: BackendFeature;
  };
  if (tracer.functions.length === 0) {
    throw new Error(`No function of ${SRC} was instrumented`);
  }

  const sim = await startJenkinsSim({
    port: 0,
    scenario: 'demo',
    virtualClock: true,
  });
  const backend = await startTestBackend({
    features: [
      jenkinsPlugin,
      mockServices.rootConfig.factory({
        data: {
          jenkins: {
            instances: [
              {
                name: 'default',
                baseUrl: sim.url,
                identity: { strategy: 'jwt' },
                requestTimeoutMs: 10000,
                cacheTtlSeconds: 0,
                environments: [
                  {
                    pattern: 'payments/deploy-staging',
                    environment: 'staging',
                  },
                  {
                    pattern: 'payments/deploy-production',
                    environment: 'production',
                  },
                ],
              },
            ],
          },
        },
      }),
      catalogServiceMock.factory({ entities: ENTITIES }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials) {
            const userEntityRef = (
              credentials.principal as BackstageUserPrincipal
            ).userEntityRef;
            return {
              userEntityRef,
              ownershipEntityRefs: [
                userEntityRef,
                ...(GROUPS[userEntityRef] ?? []),
              ],
            };
          },
        }),
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/api/jenkins`;
  sim.control.configureRealm({
    // The instance's audience defaults to its base URL.
    jwt: {
      jwksUrl: `${base}/.well-known/jwks.json`,
      acceptedAudience: sim.url,
    },
  });

  const entityPath = `${base}/v1/entities/component/default/payments-service`;
  const stagingPath = `${entityPath}/jobs/${encodeJobId(
    'default',
    'payments/deploy-staging',
  )}`;
  const send = async (
    tag: string,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ) => {
    const res = await fetch(url, {
      method,
      headers: {
        Authorization: mockCredentials.user.header('user:default/alice'),
        [TRACE_HEADER]: tag,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, text: await res.text() };
  };
  const traced = async (
    tag: string,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ) => {
    tracer.events = [];
    tracer.recording = true;
    const answer = await send(tag, method, url, body);
    const answeredAt = tracer.events.length;
    // Lets calls that end right after the answer record it.
    await new Promise(r => setTimeout(r, 200));
    tracer.recording = false;
    return { ...answer, path: requestPath(tracer.events, tag, answeredAt) };
  };

  const warmUp = await send('warm-up', 'GET', `${entityPath}/jobs`);
  const requests = [
    {
      label: 'trigger (POST …/jobs/:jobId/builds)',
      ...(await traced('trigger', 'POST', `${stagingPath}/builds`, {})),
    },
    {
      label: 'read (GET …/jobs)',
      ...(await traced('read', 'GET', `${entityPath}/jobs`)),
    },
  ];

  const views: Array<[View, string]> = [
    ['whole', 'whole path'],
    ['to-gateway', 'to the gateway'],
  ];
  const out: string[] = [
    `Request paths through ${SRC}`,
    'command: node --require @backstage/cli/config/nodeTransform.cjs dev/trace-request-path.ts [--verbose]',
    `warm-up read (untraced): HTTP ${warmUp.status}`,
    '',
    '| request | HTTP | view | files | entries | returns | traced calls |',
    '|---|---|---|---|---|---|---|',
  ];
  const details: string[] = [];
  for (const r of requests) {
    details.push(
      '',
      `${r.label}: HTTP ${r.status}${
        r.status >= 400 ? ` ${r.text.slice(0, 300)}` : ''
      }`,
      `  traced calls: ${r.path.calls} until the answer, ${r.path.callsAfterAnswer} after it; ${r.path.otherCalls} of other requests or timers meanwhile (not counted)`,
    );
    for (const [view, viewLabel] of views) {
      const f = figures(r.path, view);
      out.push(
        `| ${r.label} | ${r.status} | ${viewLabel} | ${f.files} | ${f.entries} | ${f.returns} | ${r.path.calls} |`,
      );
      details.push(
        `  ${viewLabel}: ${f.files} files, ${f.entries} entries, ${f.returns} returns`,
        `    files: ${[...new Set(f.sequence)].join(', ')}`,
        `    returns by file: ${
          f.returnsByFile.map(([file, n]) => `${file} ${n}`).join(', ') ||
          'none'
        }`,
        `    sequence: ${shorten(f.sequence)}`,
      );
    }
    if (values.verbose) {
      details.push('  call tree:');
      r.path.roots.forEach(root => printTree(root, 0, details));
    }
  }
  process.stdout.write(`${[...out, ...details].join('\n')}\n`);

  await backend.stop();
  await sim.close();
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
