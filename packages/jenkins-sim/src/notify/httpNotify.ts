import http from 'node:http';
import https from 'node:https';

// Own agents, no keep-alive: HttpURLConnection#disconnect closes each one,
// and tests replace the global agent and fetch to block the network.
const httpAgent = new http.Agent({ keepAlive: false });
const httpsAgent = new https.Agent({ keepAlive: false });

/** What one POST sent and how it ended. */
export interface SentNotification {
  status: number;
  /** The `Authorization` header sent, if the URL had user info. */
  authorization?: string;
  /** Where it went, user info removed. */
  url: string;
}

/** `URL#getUserInfo`: the raw (still percent-encoded) text before `@` in the authority. */
export function userInfoOf(url: string): string | undefined {
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1];
  if (!authority) return undefined;
  const at = authority.lastIndexOf('@');
  return at === -1 ? undefined : authority.slice(0, at);
}

function withoutUserInfo(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

/**
 * `Protocol.HTTP#send`: POST `application/json;charset=UTF-8` with a fixed
 * length, the URL's user info as `Authorization: Basic base64(userInfo)`,
 * connect and read timeout `timeout` ms, a 307 followed by sending again to
 * its `Location`. The status is otherwise not looked at: any HTTP answer,
 * 4xx and 5xx included, ends the attempt normally; only an exception
 * (refused, reset, timeout, bad URL) makes it fail.
 */
export function sendNotification(
  url: string,
  body: Buffer,
  timeout: number,
  redirects = 0,
): Promise<SentNotification> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    if (!target.protocol.startsWith('http')) {
      throw new Error(`Not an http(s) url: ${url}`);
    }
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json;charset=UTF-8',
      'User-Agent': 'Java/21.0.7',
      Accept: 'text/html, image/gif, image/jpeg, */*; q=0.2',
      'Content-Length': body.length,
    };
    const userInfo = userInfoOf(url);
    let authorization: string | undefined;
    if (userInfo !== undefined) {
      authorization = `Basic ${Buffer.from(userInfo, 'utf8').toString(
        'base64',
      )}`;
      headers.Authorization = authorization;
    }
    const secure = target.protocol === 'https:';
    const request = (secure ? https : http).request(
      {
        method: 'POST',
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || (secure ? 443 : 80),
        path: `${target.pathname}${target.search}`,
        headers,
        agent: secure ? httpsAgent : httpAgent,
        timeout,
      },
      res => {
        res.resume();
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const location = res.headers.location;
          if (status === 307 && location && redirects < 5) {
            // new URL(location) in Java: a relative Location is an error.
            sendNotification(location, body, timeout, redirects + 1).then(
              resolve,
              reject,
            );
            return;
          }
          resolve({ status, authorization, url: withoutUserInfo(target) });
        });
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`Read timed out after ${timeout} ms`)),
    );
    request.on('error', reject);
    request.end(body);
  });
}
