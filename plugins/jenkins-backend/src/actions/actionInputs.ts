import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  encodeJobId,
  FORBIDDEN_PARAMETER_NAME_MESSAGE,
  FORBIDDEN_PARAMETER_NAMES,
  idempotencyKeySchema,
} from '@internal/plugin-jenkins-common';
import { z as zod } from 'zod';
import { parseRequest } from '../validation/parseRequest';

/** The zod the actions registry builds its (JSON) schemas with. */
export type RegistryZod = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];

/**
 * Fields that name a job of an entity, shared by every job action. They
 * describe the input to an assistant; the rules are applied after, with the
 * same `-common` schemas as the HTTP routes.
 */
export function jobFields(z: RegistryZod) {
  return {
    entityRef: z
      .string()
      .describe(
        'The entity whose job it is, as a full ref, e.g. component:default/payments-service',
      ),
    jobId: z.string().optional().describe('The job id from jenkins:list-jobs'),
    jobFullName: z
      .string()
      .optional()
      .describe(
        'Alternatively the Jenkins job full name, e.g. payments/deploy-staging',
      ),
    instance: z
      .string()
      .optional()
      .describe('The Jenkins instance of jobFullName; default "default"'),
  };
}

/**
 * Parameter values by name, as the HTTP body takes them. The registry's zod
 * drops a `__proto__` key once its key schema passed, so the key schema
 * refuses it here (the `-common` schema never sees it).
 */
export function parameterValues(z: RegistryZod) {
  return z
    .record(
      z
        .string()
        .refine(
          name =>
            !(FORBIDDEN_PARAMETER_NAMES as readonly string[]).includes(name),
          FORBIDDEN_PARAMETER_NAME_MESSAGE,
        ),
      z.union([z.string(), z.boolean(), z.number()]),
    )
    .optional()
    .describe('Job parameters by name; password parameters must be given');
}

/** The optional idempotency key of a write action. */
export function idempotencyKeyField(z: RegistryZod) {
  return z
    .string()
    .optional()
    .describe(
      'Send the same key to retry without acting twice (1-255 visible ASCII characters)',
    );
}

const jobFullNameSchema = zod
  .string()
  .max(1024)
  .refine(
    name => name.split('/').every(part => part !== '' && part.trim() === part),
    'must be a Jenkins job full name like folder/job',
  );

const instanceSchema = zod
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._-]+$/, 'must be a configured instance name');

/**
 * The canonical target fields of an action input: `jobFullName` (and
 * `instance`) become the job id the HTTP routes take.
 */
export function targetFieldsOf(input: {
  entityRef: string;
  jobId?: string;
  jobFullName?: string;
  instance?: string;
}): { entityRef: string; jobId: string } {
  if (input.jobId !== undefined) {
    return { entityRef: input.entityRef, jobId: input.jobId };
  }
  if (input.jobFullName !== undefined) {
    const fullName = parseRequest(
      jobFullNameSchema,
      input.jobFullName,
      'input',
      'jobFullName',
    );
    const instance = parseRequest(
      instanceSchema,
      input.instance ?? 'default',
      'input',
      'instance',
    );
    return {
      entityRef: input.entityRef,
      jobId: encodeJobId(instance, fullName),
    };
  }
  throw new InputError(
    "Invalid input field 'jobId': jobId or jobFullName is required",
  );
}

/** The validated idempotency key of an action input, if any. */
export function idempotencyKeyOf(input: {
  idempotencyKey?: string;
}): string | undefined {
  return input.idempotencyKey === undefined
    ? undefined
    : parseRequest(
        idempotencyKeySchema,
        input.idempotencyKey,
        'input',
        'idempotencyKey',
      );
}
