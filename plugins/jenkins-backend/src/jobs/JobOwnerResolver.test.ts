import { ConfigReader } from '@backstage/config';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { JobOwnerResolver } from './JobOwnerResolver';

function configWith(owners: unknown, name = 'default') {
  return readJenkinsConfig(
    new ConfigReader({
      jenkins: {
        instances: [
          {
            name,
            baseUrl: 'http://jenkins',
            identity: { strategy: 'jwt' },
            ...(owners === undefined ? {} : { owners }),
          },
        ],
      },
    }),
  );
}

describe('JobOwnerResolver', () => {
  const resolver = new JobOwnerResolver(
    configWith([
      {
        path: 'payments/deploy-production',
        groups: ['group:default/release-managers'],
      },
      { path: 'payments/**', groups: ['team-payments', 'user:default/alice'] },
      {
        path: '/^platform\\/nightly-[a-z]+$/',
        groups: ['Group:Default/Platform'],
      },
      { path: 'locked/*', groups: [] },
    ]),
  );

  it('gives the groups of the first entry whose path matches, as full lower-case refs', () => {
    expect(resolver.ownersOf('default', 'payments/deploy-production')).toEqual([
      'group:default/release-managers',
    ]);
    expect(resolver.ownersOf('default', 'payments/deploy-staging')).toEqual([
      'group:default/team-payments',
      'user:default/alice',
    ]);
    expect(resolver.ownersOf('default', 'platform/nightly-backup')).toEqual([
      'group:default/platform',
    ]);
    expect(resolver.ownersOf('default', 'locked/job')).toEqual([]);
  });

  it('matches paths ignoring case, as Jenkins resolves item names', () => {
    expect(resolver.ownersOf('default', 'Platform/Nightly-Backup')).toEqual([
      'group:default/platform',
    ]);
    expect(resolver.ownersOf('default', 'PAYMENTS/svc')).toEqual([
      'group:default/team-payments',
      'user:default/alice',
    ]);
  });

  it('gives null where no entry covers the job, or on another instance', () => {
    expect(resolver.ownersOf('default', 'platform/other')).toBeNull();
    expect(resolver.ownersOf('default', 'payments')).toBeNull();
    expect(resolver.ownersOf('other', 'payments/deploy-staging')).toBeNull();
    expect(
      new JobOwnerResolver(configWith(undefined)).ownersOf(
        'default',
        'payments/deploy-staging',
      ),
    ).toBeNull();
  });

  it('gives a branch the owners of its multibranch job', () => {
    const branches = new JobOwnerResolver(
      configWith([{ path: 'apps/svc', groups: ['team-svc'] }]),
    );
    expect(
      branches.ownersOf('default', 'apps/svc/feature%2Fx', 'apps/svc'),
    ).toEqual(['group:default/team-svc']);
  });

  it('refuses invalid owner config at startup, naming the key', () => {
    expect(() => configWith([{ path: ' ', groups: ['a'] }])).toThrow(
      "jenkins.instances 'default': owners[].path must not be empty",
    );
    expect(() => configWith([{ path: 'a/**', groups: ['group:'] }])).toThrow(
      "jenkins.instances 'default': owners[].groups has an invalid entity ref 'group:'",
    );
    expect(() => configWith([{ path: 'a/**' }])).toThrow(/groups/);
  });
});
