import { encodeJobId } from '@internal/plugin-jenkins-common';
import { jobTargetOf } from './jobTargetInput';

describe('jobTargetOf', () => {
  it('takes a job by full name on the default instance', () => {
    expect(
      jobTargetOf({
        entityRef: 'component:default/payments-service',
        job: 'payments/deploy-staging',
      }),
    ).toEqual({
      target: {
        entityRef: 'component:default/payments-service',
        jobId: encodeJobId('default', 'payments/deploy-staging'),
      },
      jobName: 'payments/deploy-staging',
    });
  });

  it('takes a job id as the Jenkins API lists it', () => {
    const jobId = encodeJobId('ci', 'payments/deploy-staging');
    expect(
      jobTargetOf({ entityRef: 'component:default/payments-service', jobId })
        .target.jobId,
    ).toBe(jobId);
  });

  it('wants exactly one of job and jobId', () => {
    expect(() =>
      jobTargetOf({ entityRef: 'component:default/payments-service' }),
    ).toThrow('Give the job by one of job (full name) or jobId');
    expect(() =>
      jobTargetOf({
        entityRef: 'component:default/payments-service',
        job: 'a',
        jobId: 'YQ',
      }),
    ).toThrow('Give the job by one of job (full name) or jobId');
  });

  it('refuses an entity ref without kind and namespace, in the API schema’s words', () => {
    expect(() =>
      jobTargetOf({ entityRef: 'payments-service', job: 'a' }),
    ).toThrow(
      'entityRef must be an entity ref like component:default/payments-service',
    );
  });
});
