import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { compileJobPattern, EnvironmentResolver } from './EnvironmentResolver';

const baseConfig = {
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
};
const config = readJenkinsConfig(new ConfigReader(baseConfig));

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

  it('never lets the entity annotation override config', () => {
    // Whoever edits catalog-info.yaml writes the annotation: it must not take
    // production away from a job config calls production.
    expect(
      resolver.environmentFor(
        entity('payments/deploy-production=staging'),
        'default',
        'payments/deploy-production',
      ),
    ).toBe('production');
    expect(
      resolver.environmentFor(
        entity('default:payments/deploy-production=staging'),
        'default',
        'payments/deploy-production',
      ),
    ).toBe('production');
    expect(
      resolver.environmentFor(
        entity('payments/deploy-qa=dev'),
        'default',
        'payments/deploy-qa',
      ),
    ).toBe('staging');
  });

  it('lets the annotation classify only jobs config leaves unclassified', () => {
    expect(
      resolver.environmentFor(
        entity('payments/payments-service=qa'),
        'default',
        'payments/payments-service',
      ),
    ).toBe('qa');
    expect(
      resolver.environmentFor(
        entity('default:payments/nightly=dev'),
        'default',
        'payments/nightly',
      ),
    ).toBe('dev');
    expect(
      resolver.environmentFor(
        entity('other:payments/nightly=dev'),
        'default',
        'payments/nightly',
      ),
    ).toBeNull();
  });

  it('ignores the annotation when jenkins.environments.allowAnnotations is off', () => {
    const strict = new EnvironmentResolver(
      readJenkinsConfig(
        new ConfigReader({
          jenkins: {
            ...baseConfig.jenkins,
            environments: { allowAnnotations: false },
          },
        }),
      ),
    );
    expect(
      strict.environmentFor(
        entity('payments/payments-service=qa'),
        'default',
        'payments/payments-service',
      ),
    ).toBeNull();
    expect(
      strict.environmentFor(
        entity('payments/deploy-production=staging'),
        'default',
        'payments/deploy-production',
      ),
    ).toBe('production');
  });

  it('allows annotations unless configured otherwise', () => {
    expect(config.environments.allowAnnotations).toBe(true);
  });

  it('gives a branch the environment of its multibranch job', () => {
    // config first, for the branch and then for its multibranch job …
    expect(
      resolver.environmentFor(
        entity('platform/app=dev'),
        'default',
        'platform/app/main',
        'platform/app',
      ),
    ).toBe('platform');
    expect(
      resolver.environmentFor(
        entity(),
        'default',
        'platform/app/main',
        'platform/app',
      ),
    ).toBe('platform');
    // … and the annotation of the multibranch job where config says nothing.
    expect(
      resolver.environmentFor(
        entity('payments/app=dev'),
        'default',
        'payments/app/main',
        'payments/app',
      ),
    ).toBe('dev');
  });

  it('knows no environment on an unknown instance', () => {
    expect(
      resolver.environmentFor(entity(), 'other', 'payments/deploy-production'),
    ).toBeNull();
  });
});
