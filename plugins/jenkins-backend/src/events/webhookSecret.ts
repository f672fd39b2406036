import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Compares in constant time, whatever the lengths (hashes are equal-sized). */
function sameSecret(given: string, secret: string): boolean {
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * The secret an `Authorization` header carries: a Bearer token, or the
 * password of HTTP Basic (any user name). The Notification plugin sends the
 * endpoint URL's userinfo as it stands in the URL (`URL.getUserInfo()`,
 * still percent-encoded), so a percent-decoded password is tried too.
 */
function candidatesOf(authorization: string | undefined): string[] {
  if (!authorization) {
    return [];
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) {
    return [bearer[1]];
  }
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!basic) {
    return [];
  }
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    return [];
  }
  const password = decoded.slice(colon + 1);
  try {
    const unescaped = decodeURIComponent(password);
    return unescaped === password ? [password] : [password, unescaped];
  } catch {
    return [password];
  }
}

/** Whether the request's `Authorization` header carries the webhook secret. */
export function carriesWebhookSecret(
  authorization: string | undefined,
  secret: string,
): boolean {
  // Every candidate is compared, so timing does not tell which one matched.
  return candidatesOf(authorization)
    .map(candidate => sameSecret(candidate, secret))
    .reduce((a, b) => a || b, false);
}
