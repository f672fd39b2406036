import http from 'node:http';

/** A response as the conformance tests inspect it. */
export interface SimHttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json<T = any>(): T;
}

/** Options for {@link simHttp}. */
export interface SimHttpOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string> | URLSearchParams;
  body?: string;
  /** Basic credentials `[user, token]`. */
  basic?: [string, string];
  bearer?: string;
}

/** Plain node:http requests (tests block global fetch and DNS lookups). */
export function simHttp(
  url: string,
  options: SimHttpOptions = {},
): Promise<SimHttpResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.form) {
    body = new URLSearchParams(
      options.form as Record<string, string>,
    ).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  if (options.basic) {
    headers.Authorization = `Basic ${Buffer.from(
      options.basic.join(':'),
    ).toString('base64')}`;
  }
  if (options.bearer) {
    headers.Authorization = `Bearer ${options.bearer}`;
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers, agent: false },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Fetches a crumb and returns the headers a POST needs (crumb + session cookie). */
export async function crumbHeaders(
  baseUrl: string,
  auth: SimHttpOptions = {},
): Promise<Record<string, string>> {
  const res = await simHttp(`${baseUrl}/crumbIssuer/api/json`, auth);
  if (res.status !== 200) {
    throw new Error(`crumbIssuer answered ${res.status}`);
  }
  const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0];
  return { 'Jenkins-Crumb': res.json().crumb, Cookie: cookie };
}

/** `alice:alice-token` style Basic credentials from the demo scenario. */
export const token = (user: string): [string, string] => [
  user,
  `${user}-token`,
];
