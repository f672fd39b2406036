import { InputError } from '@backstage/errors';
import {
  decodeJobId,
  encodeJobId,
  JobTarget,
  jobTargetSchema,
} from '@internal/plugin-jenkins-common';
import { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';

/** The scaffolder's zod (v3), as handed to an action's schema functions. */
export type Zod = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>[string]
>[0];

/** Input fields naming the job of an entity that an action works on. */
export const jobTargetFields = {
  entityRef: (z: Zod) =>
    z
      .string()
      .describe(
        'The entity whose job to use, e.g. component:default/payments-service; its jenkins.io/job annotation must name the job',
      ),
  job: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'The job, by full name (e.g. payments/deploy-staging) or by the id the Jenkins API lists; one of job and jobId is required',
      ),
  jobId: (z: Zod) =>
    z
      .string()
      .optional()
      .describe('The job id from the Jenkins API (alternative to job)'),
  instance: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'The Jenkins instance of a job given by full name; default "default"',
      ),
};

/** The target as the Jenkins plugin's API takes it, or a 4xx-style error. */
export function jobTargetOf(input: {
  entityRef: string;
  job?: string;
  jobId?: string;
  instance?: string;
}): { target: JobTarget; jobName: string } {
  if ((input.job === undefined) === (input.jobId === undefined)) {
    throw new InputError('Give the job by one of job (full name) or jobId');
  }
  const jobId =
    input.jobId ?? encodeJobId(input.instance ?? 'default', input.job!);
  const parsed = jobTargetSchema.safeParse({
    entityRef: input.entityRef,
    jobId,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${issue.path.join('.')} ${issue.message}`);
  }
  return {
    target: parsed.data,
    jobName: decodeJobId(jobId)?.fullName ?? input.job ?? jobId,
  };
}
