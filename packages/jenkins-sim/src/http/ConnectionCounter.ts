import type { Server } from 'node:http';

/**
 * Counts the TCP connections a server accepts, so tests can tell whether
 * clients reuse keep-alive connections or open one per request.
 */
export class ConnectionCounter {
  private count = 0;

  constructor(server: Server) {
    server.on('connection', () => {
      this.count += 1;
    });
  }

  /** Connections accepted since the server started. */
  get accepted(): number {
    return this.count;
  }
}
