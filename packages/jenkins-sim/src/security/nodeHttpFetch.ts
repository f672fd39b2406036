import http from 'node:http';
import https from 'node:https';

// Own agents: the JWKS fetch must not depend on global fetch or the global
// agent, which test environments replace to block network access.
const httpAgent = new http.Agent();
const httpsAgent = new https.Agent();

/** A minimal `fetch` for jose's `customFetch`, built on node:http. */
export function nodeHttpFetch(
  url: string,
  options: { headers: Headers; signal: AbortSignal },
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const secure = url.startsWith('https:');
    const request = (secure ? https : http).get(
      url,
      {
        agent: secure ? httpsAgent : httpAgent,
        headers: Object.fromEntries(options.headers.entries()),
        signal: options.signal,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve(
            new Response(Buffer.concat(chunks), {
              status: res.statusCode ?? 500,
              headers: {
                'content-type': String(res.headers['content-type'] ?? ''),
              },
            }),
          ),
        );
        res.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}
