import { ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fs from 'node:fs';

/** CPU seconds (user + system) a process used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ');
    // utime and stime are fields 14 and 15 of stat; index 11 and 12 after the comm field.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

// The build table query a UI issues: status, timing and who started each build.
const DEFAULT_TREE =
  'builds[number,url,result,timestamp,duration,building,actions[causes[userId,shortDescription]]]';

function startSimProcess(
  scenario: string,
): Promise<{ child: ChildProcess; url: string }> {
  const bin = path.resolve(
    require.resolve('@internal/jenkins-sim/package.json'),
    '../bin/jenkins-sim',
  );
  const child = spawn(
    process.execPath,
    [
      bin,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--public-host',
      '127.0.0.1',
      '--scenario',
      scenario,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', chunk => {
      out += chunk;
      const m = /on (http:\/\/[^/\s]+)\//.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', code =>
      reject(new Error(`jenkins-sim exited with ${code}`)),
    );
  });
}

/**
 * Measures requests per second for a `tree=` query on a 100-build job, with
 * 50 concurrent keep-alive connections on loopback. The simulator runs in its
 * own process (one core); this process only generates load.
 */
export async function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      scenario: { type: 'string', default: 'large' },
      job: { type: 'string', default: '/job/big/job/hundred' },
      tree: { type: 'string', default: DEFAULT_TREE },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const { child, url } = await startSimProcess(values.scenario);
  const target = new URL(`${url}${values.job}/api/json`);
  target.searchParams.set('tree', values.tree);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const auth = `Basic ${Buffer.from('admin:admin-token').toString('base64')}`;
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(
        target,
        { agent, headers: { Authorization: auth } },
        res => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
    });

  // Warm up (JIT, lazy history generation), then measure.
  for (let i = 0; i < 200; i++) await once();
  const sample = await new Promise<string>(resolve => {
    http.get(target, { agent, headers: { Authorization: auth } }, res => {
      let body = '';
      res.on('data', c => (body += c));
      res.on('end', () => resolve(body));
    });
  });
  let ok = 0;
  let failed = 0;
  const cpuBefore = cpuSeconds(child.pid!);
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const status = await once();
        if (status === 200) ok++;
        else failed++;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const cpuAfter = cpuSeconds(child.pid!);
  const simCpu =
    cpuBefore !== undefined && cpuAfter !== undefined
      ? cpuAfter - cpuBefore
      : undefined;
  agent.destroy();
  child.kill('SIGTERM');
  const rps = Math.round(ok / elapsed);
  const cmd = `yarn workspace @internal/jenkins-sim bench --seconds ${seconds} --connections ${connections}`;
  process.stdout.write(
    [
      `jenkins-sim bench: GET ${values.job}/api/json?tree=${values.tree}`,
      `  response size: ${Buffer.byteLength(sample)} bytes (${
        JSON.parse(sample).builds?.length ?? '?'
      } builds)`,
      `  ${connections} keep-alive connections, ${elapsed.toFixed(
        1,
      )} s: ${ok} ok, ${failed} failed`,
      `  ${rps} requests/second`,
      ...(simCpu
        ? [
            `  simulator CPU: ${simCpu.toFixed(1)} s over ${elapsed.toFixed(
              1,
            )} s (${Math.round(
              (simCpu / elapsed) * 100,
            )}% of one core); ${Math.round(
              ok / simCpu,
            )} requests per CPU-second`,
          ]
        : []),
      `  reproduce: ${cmd}`,
      '',
    ].join('\n'),
  );
  return rps;
}

if (require.main === module) {
  main().catch(e => {
    process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
    process.exit(1);
  });
}
