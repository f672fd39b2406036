import http from 'node:http';
import { startJenkinsSim } from '../startJenkinsSim';

function get(url: string, agent: http.Agent | false): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/api/json`, { agent }, res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

describe('the connection counter', () => {
  it('counts accepted connections: one per request without keep-alive, one for many with it', async () => {
    const sim = await startJenkinsSim({ port: 0, virtualClock: true });
    try {
      expect(sim.connections).toBe(0);
      for (let i = 0; i < 3; i++) {
        await get(sim.url, false);
      }
      expect(sim.connections).toBe(3);
      const agent = new http.Agent({ keepAlive: true });
      for (let i = 0; i < 3; i++) {
        await get(sim.url, agent);
      }
      agent.destroy();
      expect(sim.connections).toBe(4);
    } finally {
      await sim.close();
    }
  });
});
