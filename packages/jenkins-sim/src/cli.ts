import { parseArgs } from 'node:util';
import { startJenkinsSim } from './startJenkinsSim';

const USAGE = `Usage: jenkins-sim [options]

  --port <n>          port to listen on (default 8080)
  --host <addr>       address to bind (default 127.0.0.1)
  --public-host <h>   host name in absolute URLs (default localhost)
  --scenario <name>   shipped scenario name or YAML path (default demo)
  --speed <x>         real-time speed factor (default 1)
  --virtual-clock     only advance time through POST /__sim/clock/advance
  --no-control        do not serve the /__sim/ control API
  --jwks-url <url>    JWKS URL for the JWT realm (overrides the scenario)
  --env NAME=VALUE    a global environment variable (repeatable); notification
                      endpoint URLs expand them. BACKSTAGE_HOST defaults to
                      $JENKINS_SIM_BACKSTAGE_HOST or localhost:7007 (the demo's
                      webhooks go to http://<BACKSTAGE_HOST>/api/jenkins/...)
  --help              show this help
`;

/** Runs the simulator from the command line. */
export async function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      'public-host': { type: 'string', default: 'localhost' },
      scenario: { type: 'string', default: 'demo' },
      speed: { type: 'string', default: '1' },
      'virtual-clock': { type: 'boolean', default: false },
      'no-control': { type: 'boolean', default: false },
      'jwks-url': { type: 'string' },
      env: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const speed = Number(values.speed);
  const port = Number(values.port);
  if (!Number.isFinite(speed) || speed <= 0 || !Number.isInteger(port)) {
    throw new Error(`Invalid --speed or --port\n\n${USAGE}`);
  }
  const environment: Record<string, string> = {
    BACKSTAGE_HOST: process.env.JENKINS_SIM_BACKSTAGE_HOST || 'localhost:7007',
  };
  for (const pair of values.env) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`Invalid --env '${pair}'\n\n${USAGE}`);
    environment[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const sim = await startJenkinsSim({
    environment,
    port,
    host: values.host,
    publicHost: values['public-host'],
    scenario: values.scenario,
    speed,
    virtualClock: values['virtual-clock'],
    control: !values['no-control'],
    realm: values['jwks-url']
      ? { jwt: { jwksUrl: values['jwks-url'] } }
      : undefined,
  });
  process.stdout.write(
    `jenkins-sim: scenario '${values.scenario}' on ${sim.url}/ (speed ${speed}${
      values['virtual-clock'] ? ', virtual clock' : ''
    }${
      values['no-control'] ? ', control API off' : ', control API at /__sim/'
    })\n`,
  );
  const stop = () => {
    sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch(e => {
    process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
    process.exit(1);
  });
}
