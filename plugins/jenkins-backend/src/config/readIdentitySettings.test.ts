import { ConfigReader } from '@backstage/config';
import { readJenkinsConfig } from './JenkinsConfig';

const SECRET = 'test-key-encryption-secret-0123456789abcdef';

function configOf(jenkins: object) {
  return new ConfigReader({ jenkins });
}

const jwtInstance = (name: string, more: object = {}) => ({
  name,
  baseUrl: `https://${name}.jenkins.example`,
  identity: { strategy: 'jwt', ...more },
});

describe('jenkins.identity and per-instance JWT settings', () => {
  it('refuses to start in production without keyEncryptionSecret when a jwt instance is configured', () => {
    const config = configOf({ instances: [jwtInstance('a')] });
    expect(() => readJenkinsConfig(config, { production: true })).toThrow(
      /jenkins\.identity\.keyEncryptionSecret is required in production/,
    );
    expect(
      readJenkinsConfig(
        configOf({
          instances: [jwtInstance('a')],
          identity: { keyEncryptionSecret: SECRET },
        }),
        { production: true },
      ).identity,
    ).toEqual({ keyEncryptionSecret: SECRET });
    // Outside production, or without jwt instances, keys may stay plaintext.
    expect(() =>
      readJenkinsConfig(config, { production: false }),
    ).not.toThrow();
  });

  it('takes production from NODE_ENV', () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() =>
        readJenkinsConfig(configOf({ instances: [jwtInstance('a')] })),
      ).toThrow(/required in production/);
    } finally {
      process.env.NODE_ENV = before;
    }
  });

  it('refuses a short keyEncryptionSecret', () => {
    expect(() =>
      readJenkinsConfig(
        configOf({ instances: [], identity: { keyEncryptionSecret: 'short' } }),
      ),
    ).toThrow(/at least 32 characters/);
  });

  it('defaults each audience to the base URL and refuses two instances sharing one', () => {
    const config = readJenkinsConfig(
      configOf({ instances: [jwtInstance('a'), jwtInstance('b')] }),
    );
    expect(config.instances.get('a')!.jwt.audience).toBe(
      'https://a.jenkins.example',
    );
    expect(() =>
      readJenkinsConfig(
        configOf({
          instances: [
            jwtInstance('a', { jwt: { audience: 'jenkins' } }),
            jwtInstance('b', { jwt: { audience: 'jenkins' } }),
          ],
        }),
      ),
    ).toThrow(/audience 'jenkins' is also the audience of 'a'/);
  });

  it.each(['aud', 'iss', 'exp', 'jti'])(
    'refuses the registered claim %p as user claim',
    claim => {
      expect(() =>
        readJenkinsConfig(
          configOf({
            instances: [jwtInstance('a', { jwt: { userClaim: claim } })],
          }),
        ),
      ).toThrow(/must not be the registered claim/);
    },
  );
});
