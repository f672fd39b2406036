import http from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** A local JWKS endpoint and a signer, for tests of the JWT realm. */
export interface TestJwks {
  url: string;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  sign(claims: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** Starts a JWKS server on loopback with one ES256 key. */
export async function startTestJwks(): Promise<TestJwks> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', {
    extractable: true,
  });
  const jwk = {
    ...(await exportJWK(publicKey)),
    kid: 'test-key',
    alg: 'ES256',
    use: 'sig',
  };
  let fetches = 0;
  const server = http.createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => fetches,
    sign: claims =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
        .setIssuer('backstage')
        .setAudience('jenkins')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey),
    close: () => new Promise(r => server.close(() => r())),
  };
}
