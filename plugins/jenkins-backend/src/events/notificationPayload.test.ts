import {
  buildEventFromNotification,
  jobFullNameFromUrl,
  notificationPayloadSchema,
} from './notificationPayload';

describe('jobFullNameFromUrl', () => {
  // Job.getUrl() is `job/<rawEncode(name)>/` per level (core AbstractItem).
  it('reads folder paths', () => {
    expect(jobFullNameFromUrl('job/payments/job/deploy-staging/')).toBe(
      'payments/deploy-staging',
    );
    expect(jobFullNameFromUrl('job/top/')).toBe('top');
  });

  it('decodes each name once, keeping a branch name as Jenkins spells it', () => {
    // branch-api NameEncoder: `feature/foo` → item `feature%2Ffoo`, URL `feature%252Ffoo`
    expect(
      jobFullNameFromUrl(
        'job/payments/job/payments-service/job/feature%252Ffoo/',
      ),
    ).toBe('payments/payments-service/feature%2Ffoo');
    expect(jobFullNameFromUrl('job/my%20job/')).toBe('my job');
  });

  it.each([
    'job/payments/job/../job/deploy-production/',
    'job/payments/job/%2E%2E/',
    'job/./',
    'job/a%2Fb/',
    'job//',
    'view/all/job/a/',
    'job/a/b/',
    'job/%E0%A4%A/',
    '',
  ])('refuses %s', url => {
    expect(() => jobFullNameFromUrl(url)).toThrow(/job url/);
  });
});

describe('buildEventFromNotification', () => {
  const payload = (build: object) =>
    notificationPayloadSchema.parse({
      name: 'deploy-staging',
      url: 'job/payments/job/deploy-staging/',
      build: { number: 12, phase: 'COMPLETED', status: 'UNSTABLE', ...build },
    });

  it('maps phase, status, duration and the request id; keeps no other parameter', () => {
    const event = buildEventFromNotification(
      'default',
      payload({
        duration: 5000,
        timestamp: 10,
        queue_id: 3,
        parameters: { BACKSTAGE_REQUEST_ID: 'r-1', TOKEN: 'secret' },
        scm: { branch: 'main', commit: 'abc', changes: [], culprits: [] },
      }),
      99,
    );
    expect(event).toEqual({
      id: 'default:payments/deploy-staging:12:COMPLETED',
      instance: 'default',
      jobFullName: 'payments/deploy-staging',
      buildNumber: 12,
      queueId: 3,
      phase: 'COMPLETED',
      result: 'UNSTABLE',
      timestampMs: 10,
      durationMs: 5000,
      requestId: 'r-1',
      scm: { branch: 'main', commit: 'abc' },
      source: 'webhook',
    });
    expect(JSON.stringify(event)).not.toContain('secret');
  });

  it('has no result before the build completed', () => {
    const event = buildEventFromNotification(
      'default',
      payload({ phase: 'STARTED', status: undefined }),
      99,
    );
    expect(event).toMatchObject({ phase: 'STARTED', timestampMs: 99 });
    expect(event?.result).toBeUndefined();
  });

  it('ignores the NONE phase of the notifyEndpoints step', () => {
    expect(
      buildEventFromNotification('default', payload({ phase: 'NONE' }), 1),
    ).toBeUndefined();
  });
});
