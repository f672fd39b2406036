import { CrumbIssuer } from './CrumbIssuer';

describe('CrumbIssuer', () => {
  it('binds a crumb to the session and the user', () => {
    const issuer = new CrumbIssuer();
    const session = issuer.newSession();
    const other = issuer.newSession();
    const crumb = issuer.crumbFor('alice', session);
    expect(crumb).toMatch(/^[0-9a-f]{64}$/);
    expect(issuer.validate('alice', session, crumb)).toBe(true);
    expect(issuer.validate('alice', other, crumb)).toBe(false);
    expect(issuer.validate('bob', session, crumb)).toBe(false);
    expect(issuer.validate('alice', session, undefined)).toBe(false);
  });

  it('finds live sessions in the cookie header only', () => {
    const issuer = new CrumbIssuer();
    const session = issuer.newSession();
    expect(issuer.sessionFrom(`a=b; ${issuer.cookieName}=${session}`)).toBe(
      session,
    );
    expect(
      issuer.sessionFrom(`${issuer.cookieName}=node0forged.node0`),
    ).toBeUndefined();
    expect(issuer.sessionFrom(`JSESSIONID.other=${session}`)).toBeUndefined();
  });

  it('invalidates every session and crumb', () => {
    const issuer = new CrumbIssuer();
    const session = issuer.newSession();
    const crumb = issuer.crumbFor('alice', session);
    issuer.invalidateAll();
    expect(
      issuer.sessionFrom(`${issuer.cookieName}=${session}`),
    ).toBeUndefined();
    expect(issuer.validate('alice', session, crumb)).toBe(false);
  });
});
