import http from 'node:http';
import https from 'node:https';
import { JenkinsInstanceConfig } from '../config/JenkinsConfig';
import { JenkinsUnreachableError } from './JenkinsErrors';
import { PooledJenkinsClient } from './PooledJenkinsClient';

/**
 * Idle connections are dropped after this long, before servers and proxies
 * commonly drop them (often after 5 s), so that a write, which is never
 * retried, is not sent on a connection the server is closing.
 */
const IDLE_SOCKET_MS = 4000;

/** The long-lived connection state of one instance. */
export interface JenkinsConnection {
  /** The instance's base URL, without a trailing slash. */
  baseUrl: string;
  /** Keep-alive sockets shared by the client and plain requests. */
  agent: http.Agent;
  client: PooledJenkinsClient;
}

/**
 * One keep-alive agent and one `jenkins` client per instance, created on
 * first use, so that calls reuse warm connections instead of opening one
 * (and building a client) each.
 */
export class JenkinsConnectionPool {
  private readonly connections = new Map<string, JenkinsConnection>();
  private closed = false;

  /** The instance's connection, created on first use. */
  connectionFor(instance: JenkinsInstanceConfig): JenkinsConnection {
    if (this.closed) {
      throw new JenkinsUnreachableError(
        `Jenkins instance '${instance.name}' is not called: the Jenkins plugin is shutting down`,
      );
    }
    let connection = this.connections.get(instance.name);
    if (!connection) {
      const options: http.AgentOptions = {
        keepAlive: true,
        timeout: IDLE_SOCKET_MS,
      };
      const agent = instance.baseUrl.startsWith('https:')
        ? new https.Agent(options)
        : new http.Agent(options);
      connection = {
        baseUrl: instance.baseUrl,
        agent,
        client: new PooledJenkinsClient(instance.baseUrl, agent),
      };
      this.connections.set(instance.name, connection);
    }
    return connection;
  }

  /** Closes every pooled connection; later calls fail as unreachable. */
  async close(): Promise<void> {
    this.closed = true;
    for (const connection of this.connections.values()) {
      connection.agent.destroy();
    }
    this.connections.clear();
  }
}
