import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { compileJobPattern, EnvironmentResolver } from './EnvironmentResolver';

const config = readJenkinsConfig(
  new ConfigReader({
    jenkins: {
      instances: [
        {
          name: 'default',
          baseUrl: 'http://jenkins',
          identity: { strategy: 'jwt' },
          environments: [
            {
              pattern: 'payments/deploy-production',
              environment: 'production',
            },
            {
              pattern: '/^payments\\/deploy-(qa|staging)$/',
              environment: 'staging',
            },
            { pattern: 'platform/**', environment: 'platform' },
          ],
        },
      ],
    },
  }),
);

function entity(annotation?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'svc',
      annotations: annotation ? { 'jenkins.io/environment': annotation } : {},
    },
  };
}

describe('compileJobPattern', () => {
  it('matches * within one segment and ** across segments', () => {
    expect(compileJobPattern('payments/*').test('payments/deploy')).toBe(true);
    expect(compileJobPattern('payments/*').test('payments/a/b')).toBe(false);
    expect(compileJobPattern('payments/**').test('payments/a/b')).toBe(true);
    expect(compileJobPattern('pay.ments').test('payXments')).toBe(false);
  });

  it('treats /…/ as a regular expression', () => {
    expect(compileJobPattern('/prod$/').test('a/deploy-prod')).toBe(true);
  });
});

describe('EnvironmentResolver', () => {
  const resolver = new EnvironmentResolver(config);

  it('matches job names ignoring case, as Jenkins resolves them', () => {
    // Jenkins item lookup is case-insensitive (core Jenkins.getItem and
    // cloudbees-folder AbstractFolder.getItem over CaseInsensitiveComparator
    // maps): payments/Deploy-Production IS the production job.
    expect(
      resolver.environmentFor(
        entity(),
        'default',
        'payments/Deploy-Production',
      ),
    ).toBe('production');
    expect(
      resolver.environmentFor(entity(), 'default', 'PAYMENTS/deploy-staging'),
    ).toBe('staging');
    expect(
      resolver.environmentFor(entity(), 'default', 'Platform/backup/nightly'),
    ).toBe('platform');
  });

  it('takes the first matching config pattern', () => {
    expect(
      resolver.environmentFor(
        entity(),
        'default',
        'payments/deploy-production',
      ),
    ).toBe('production');
    expect(
      resolver.environmentFor(entity(), 'default', 'payments/deploy-qa'),
    ).toBe('staging');
    expect(
      resolver.environmentFor(entity(), 'default', 'payments/payments-service'),
    ).toBeNull();
  });

  it('lets the entity annotation override config', () => {
    expect(
      resolver.environmentFor(
        entity('payments/deploy-production=prod-eu'),
        'default',
        'payments/deploy-production',
      ),
    ).toBe('prod-eu');
    expect(
      resolver.environmentFor(
        entity('default:payments/deploy-qa=qa'),
        'default',
        'payments/deploy-qa',
      ),
    ).toBe('qa');
  });

  it('gives a branch the environment of its multibranch job', () => {
    expect(
      resolver.environmentFor(
        entity('platform/app=dev'),
        'default',
        'platform/app/main',
        'platform/app',
      ),
    ).toBe('dev');
    expect(
      resolver.environmentFor(
        entity(),
        'default',
        'platform/app/main',
        'platform/app',
      ),
    ).toBe('platform');
  });

  it('knows no environment on an unknown instance', () => {
    expect(
      resolver.environmentFor(entity(), 'other', 'payments/deploy-production'),
    ).toBeNull();
  });
});
