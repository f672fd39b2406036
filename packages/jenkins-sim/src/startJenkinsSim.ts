import {
  JenkinsSimControl,
  RealmChange,
  SimControl,
} from './control/SimControl';
import { ConnectionCounter } from './http/ConnectionCounter';
import { SimServer } from './http/SimServer';

/** Options for {@link startJenkinsSim}. */
export interface StartJenkinsSimOptions {
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Shipped scenario name (`demo`, `large`), a YAML path, or an inline scenario object. Default `demo`. */
  scenario?: string | object;
  /** Use a virtual clock that only moves with `control.advance(ms)`. Default false. */
  virtualClock?: boolean;
  /** Speed factor for the real-time clock. Default 1. */
  speed?: number;
  /** Realm overrides applied on every (re)load, e.g. `{ jwt: { jwksUrl } }`. */
  realm?: RealmChange;
  /** Serve the `/__sim/` control API over HTTP. Default true. */
  control?: boolean;
  /** Address to bind. Default `127.0.0.1`. */
  host?: string;
  /** Host name used in absolute URLs (`url`, `Location`). Default: `host`. */
  publicHost?: string;
  /**
   * Global environment variables over the scenario's, kept across resets;
   * notification endpoint URLs expand them (the `demo` scenario's use
   * `BACKSTAGE_HOST`, e.g. `127.0.0.1:7007`).
   */
  environment?: Record<string, string>;
}

/** A running simulator. */
export interface JenkinsSim {
  /** `http://127.0.0.1:<port>` (or `http://localhost:<port>`), no trailing slash. */
  url: string;
  /** The control operations, in-process. */
  control: JenkinsSimControl;
  /** TCP connections accepted so far: shows whether clients keep them alive. */
  readonly connections: number;
  close(): Promise<void>;
}

/** Starts a Jenkins REST API simulator. */
export async function startJenkinsSim(
  options: StartJenkinsSimOptions = {},
): Promise<JenkinsSim> {
  const control = new SimControl(options.scenario ?? 'demo', {
    virtualClock: options.virtualClock ?? false,
    speed: options.speed ?? 1,
    realm: options.realm,
    environment: options.environment,
  });
  const server = new SimServer(control, options.control ?? true);
  const connections = new ConnectionCounter(server.server);
  const host = options.host ?? '127.0.0.1';
  await server.listen(options.port ?? 0, host, options.publicHost ?? host);
  control.rootUrl = server.baseUrl;
  return {
    url: server.baseUrl,
    control,
    get connections() {
      return connections.accepted;
    },
    close: () => {
      control.close();
      return server.close();
    },
  };
}
