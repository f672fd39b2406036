import crypto from 'node:crypto';

/**
 * `DefaultCrumbIssuer` with session binding (Jenkins ≥ 2.186): a crumb is
 * `hex(SHA-256(user;sessionId + salt))` and only valid with the session
 * cookie of the request that fetched it, for the same user.
 */
export class CrumbIssuer {
  /** Jetty's per-instance cookie name, `JSESSIONID.<8 hex>`. */
  readonly cookieName = `JSESSIONID.${crypto.randomBytes(4).toString('hex')}`;
  private salt = crypto.randomBytes(16).toString('hex');
  private sessions = new Set<string>();

  /** Returns the session id from the request cookie header, if it is a live session. */
  sessionFrom(cookieHeader: string | undefined): string | undefined {
    if (!cookieHeader) return undefined;
    for (const part of cookieHeader.split(';')) {
      const eq = part.indexOf('=');
      if (eq === -1) continue;
      if (part.slice(0, eq).trim() === this.cookieName) {
        const id = part.slice(eq + 1).trim();
        return this.sessions.has(id) ? id : undefined;
      }
    }
    return undefined;
  }

  /** Creates a session, as `req.getSession()` does in `issueCrumb`. */
  newSession(): string {
    const id = `node0${crypto.randomBytes(12).toString('hex')}.node0`;
    this.sessions.add(id);
    return id;
  }

  crumbFor(userId: string, sessionId: string): string {
    return crypto
      .createHash('sha256')
      .update(`${userId};${sessionId}${this.salt}`)
      .digest('hex');
  }

  validate(
    userId: string,
    sessionId: string | undefined,
    crumb: string | undefined,
  ) {
    if (!sessionId || !crumb) return false;
    const expected = this.crumbFor(userId, sessionId);
    return (
      crumb.length === expected.length &&
      crypto.timingSafeEqual(Buffer.from(crumb), Buffer.from(expected))
    );
  }

  /** Drops every session and rotates the salt, so all crumbs become invalid. */
  invalidateAll() {
    this.sessions = new Set();
    this.salt = crypto.randomBytes(16).toString('hex');
  }
}
