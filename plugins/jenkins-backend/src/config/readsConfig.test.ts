import { ConfigReader } from '@backstage/config';
import { readJenkinsConfig } from './JenkinsConfig';

function instanceWith(extra: Record<string, unknown>) {
  return readJenkinsConfig(
    new ConfigReader({
      jenkins: {
        instances: [
          {
            name: 'default',
            baseUrl: 'http://jenkins',
            identity: { strategy: 'jwt' },
            ...extra,
          },
        ],
      },
    }),
  ).instances.get('default')!;
}

describe('instances[].reads', () => {
  it('defaults to verified where a read identity is configured', () => {
    const instance = instanceWith({
      readIdentity: { user: 'backstage-reader' },
    });
    expect(instance).toMatchObject({
      reads: 'verified',
      readIdentity: { user: 'backstage-reader', groups: [] },
      accessCheckTtlSeconds: 300,
    });
  });

  it('defaults to perUser without one (an unset ${VAR} user is none)', () => {
    expect(instanceWith({}).reads).toBe('perUser');
    expect(instanceWith({ readIdentity: {} }).reads).toBe('perUser');
  });

  it('keeps perUser and shared when asked for', () => {
    expect(
      instanceWith({ reads: 'perUser', readIdentity: { user: 'r' } }).reads,
    ).toBe('perUser');
    expect(
      instanceWith({
        reads: 'shared',
        readCredentials: { user: 'r', apiToken: 't' },
      }).reads,
    ).toBe('shared');
  });

  it('refuses verified without a read identity, and a bad TTL', () => {
    expect(() => instanceWith({ reads: 'verified' })).toThrow(
      "jenkins.instances 'default': verified reads need readIdentity.user",
    );
    expect(() =>
      instanceWith({
        readIdentity: { user: 'r' },
        accessCheckTtlSeconds: 0,
      }),
    ).toThrow('accessCheckTtlSeconds must be more than 0 and at most 3600');
    expect(() => instanceWith({ reads: 'everyone' })).toThrow(
      'reads must be verified, perUser or shared',
    );
  });

  it('lets the service account read for verified reads', () => {
    const instance = instanceWith({
      reads: 'verified',
      identity: {
        strategy: 'service-account',
        serviceAccount: { user: 'bot', apiToken: 't' },
      },
    });
    expect(instance.reads).toBe('verified');
  });
});
