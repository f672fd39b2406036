import { RequestLogEntry } from '@internal/jenkins-sim';

/**
 * The secrets a fuzz run must never see in an answer: the API tokens of
 * config and of the simulator's users, the callers' Backstage tokens, the
 * password parameter values sent, and whatever credentials the backend
 * showed Jenkins (JWTs it minted, Basic tokens, crumbs, session cookies),
 * gathered from the simulator's request log. Test support only.
 */
export class SecretWatch {
  private readonly literal = new Set<string>();
  /** JWTs, crumbs and session ids: found by shape, then looked up. */
  private readonly shaped = new Set<string>();

  constructor(secrets: string[]) {
    secrets.forEach(secret => this.addLiteral(secret));
  }

  addLiteral(secret: string) {
    if (secret.length >= 6) this.literal.add(secret);
  }

  /** Learns the credentials of the requests the simulator received. */
  learn(entries: RequestLogEntry[]) {
    for (const { sent } of entries) {
      const auth = sent?.authorization ?? '';
      const bearer = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
      if (bearer) this.shaped.add(bearer);
      const basic = /^Basic\s+(\S+)$/i.exec(auth)?.[1];
      if (basic) {
        this.addLiteral(basic);
        const decoded = Buffer.from(basic, 'base64').toString('utf8');
        this.addLiteral(decoded.slice(decoded.indexOf(':') + 1));
      }
      if (sent?.crumb) this.shaped.add(sent.crumb);
      for (const part of (sent?.cookie ?? '').split(';')) {
        const value = part.slice(part.indexOf('=') + 1).trim();
        if (value) this.shaped.add(value);
      }
    }
  }

  /** How many distinct credentials are watched. */
  get size(): number {
    return this.literal.size + this.shaped.size;
  }

  /** The watched secrets that occur in `text`. */
  leaksIn(text: string): string[] {
    const found = [...this.literal].filter(secret => text.includes(secret));
    const candidates = text.match(
      /eyJ[\w-]+\.[\w-]+\.[\w-]+|[0-9a-f]{64}|node0[0-9a-z]+\.node0/g,
    );
    for (const candidate of candidates ?? []) {
      if (this.shaped.has(candidate)) found.push(candidate);
    }
    return found;
  }
}
