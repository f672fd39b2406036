import { randomUUID } from 'node:crypto';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { encodeJobId } from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { requestFingerprint } from '../idempotency/IdempotencyService';
import { JenkinsContext } from '../services/JenkinsContext';
import { WriteServices } from '../services/createWriteServices';
import { JobTarget } from '../writes/BuildWriteService';

type Zod = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];

/** Fields that name a job of an entity, shared by every action. */
function jobFields(z: Zod) {
  return {
    entityRef: z
      .string()
      .min(1)
      .describe(
        'The entity whose job it is, e.g. component:default/payments-service',
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

function parameterValues(z: Zod) {
  return z
    .record(z.union([z.string(), z.boolean(), z.number()]))
    .optional()
    .describe('Job parameters by name; password parameters must be given');
}

function entityRefOf(value: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    throw new InputError(`entityRef: '${value}' is not an entity ref`);
  }
}

function targetOf(input: {
  entityRef: string;
  jobId?: string;
  jobFullName?: string;
  instance?: string;
}): JobTarget {
  const entityRef = entityRefOf(input.entityRef);
  if (input.jobId) {
    return { entityRef, jobId: input.jobId };
  }
  if (input.jobFullName) {
    return {
      entityRef,
      jobId: encodeJobId(
        input.instance ?? 'default',
        input.jobFullName.replace(/^\/+|\/+$/g, ''),
      ),
    };
  }
  throw new InputError('jobId or jobFullName is required');
}

const anyObject = (z: Zod) => z.object({}).passthrough();

/**
 * Registers the plugin's read and write operations with the actions registry
 * (served to AI assistants over MCP by `mcp-actions`). They go through the
 * same job binding, permission decisions, identity strategy and audit trail
 * as the HTTP API, as whoever invoked the action (`via: 'action'`).
 */
export function registerJenkinsActions(options: {
  actionsRegistry: ActionsRegistryService;
  context: JenkinsContext;
  write: WriteServices;
}): void {
  const { actionsRegistry, context, write } = options;

  const callerOf = async (
    credentials: BackstageCredentials,
    needsUser: boolean,
  ): Promise<Caller> => {
    const principal = credentials.principal as { type?: string };
    if (needsUser && principal.type !== 'user') {
      throw new NotAllowedError(
        'Jenkins builds are run as a person: invoke this action with user credentials',
      );
    }
    return context.callers.callerFor(credentials, 'action');
  };

  /** Runs a write once per (user, idempotencyKey) when a key is given. */
  const once = async <T>(
    caller: Caller,
    action: string,
    input: { idempotencyKey?: string } & Record<string, unknown>,
    run: (requestId: string) => Promise<T>,
  ): Promise<T> => {
    const requestId = randomUUID();
    const { idempotencyKey, ...rest } = input;
    if (!idempotencyKey) {
      return run(requestId);
    }
    const answer = await write.idempotency.run(
      {
        userRef: caller.userRef,
        key: idempotencyKey,
        fingerprint: requestFingerprint(`action ${action}`, rest),
      },
      async () => ({ status: 200, body: await run(requestId) }),
    );
    return answer.body as T;
  };

  actionsRegistry.register({
    name: 'list-jobs',
    title: 'List Jenkins jobs of an entity',
    description:
      'Lists the Jenkins jobs an entity declares, with status, last build, parameters and what the caller may do on each.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('e.g. component:default/payments-service'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          jobs: z.array(anyObject(z)),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = await callerOf(credentials, false);
      return {
        output: await context.reads.listJobs(
          caller,
          entityRefOf(input.entityRef),
        ),
      };
    },
  });

  actionsRegistry.register({
    name: 'list-builds',
    title: 'List builds of a Jenkins job',
    description: 'Lists the builds of one job of an entity, newest first.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          limit: z.number().int().min(1).max(100).optional(),
          cursor: z.string().optional(),
        }),
      output: z =>
        z.object({
          items: z.array(anyObject(z)),
          nextCursor: z.string().nullable(),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = await callerOf(credentials, false);
      const target = targetOf(input);
      return {
        output: await context.reads.listBuilds(
          caller,
          target.entityRef,
          target.jobId,
          { limit: input.limit ?? 20, cursor: input.cursor },
        ),
      };
    },
  });

  actionsRegistry.register({
    name: 'get-build',
    title: 'Read a Jenkins build',
    description:
      'Reads one build: status, parameters (secrets masked), stages, failed tests and pending input steps.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({ ...jobFields(z), buildNumber: z.number().int().positive() }),
      output: anyObject,
    },
    action: async ({ input, credentials }) => {
      const caller = await callerOf(credentials, false);
      const target = targetOf(input);
      return {
        output: await context.reads.getBuild(
          caller,
          target.entityRef,
          target.jobId,
          input.buildNumber,
        ),
      };
    },
  });

  actionsRegistry.register({
    name: 'get-build-log',
    title: 'Read a Jenkins build log',
    description:
      'Reads a chunk of a build console log from byte offset `start`; pass `nextStart` to continue while `more` is true.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          buildNumber: z.number().int().positive(),
          start: z.number().int().min(0).optional(),
        }),
      output: z =>
        z.object({
          text: z.string(),
          nextStart: z.number(),
          more: z.boolean(),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = await callerOf(credentials, false);
      const target = targetOf(input);
      return {
        output: await context.reads.getLog(
          caller,
          target.entityRef,
          target.jobId,
          input.buildNumber,
          input.start ?? 0,
        ),
      };
    },
  });

  const queueOutput = (z: Zod) =>
    z.object({
      requestId: z.string(),
      queue: z.object({
        queueId: z.number(),
        state: z.string(),
        why: z.string().nullable(),
        buildNumber: z.number().nullable(),
        buildUrl: z.string().nullable(),
      }),
    });
  const doneOutput = (z: Zod) =>
    z.object({
      requestId: z.string(),
      status: z.string(),
      message: z.string(),
    });

  actionsRegistry.register({
    name: 'run-job',
    title: 'Run a Jenkins job',
    description:
      'Runs one job of an entity as the invoking person, with parameters checked against the job definition. Answers with the queue item and, once started, the build number.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          parameters: parameterValues(z),
          idempotencyKey: z
            .string()
            .max(255)
            .optional()
            .describe('Send the same key to retry without starting twice'),
        }),
      output: queueOutput,
    },
    action: async ({ input, credentials }) => {
      const caller = await callerOf(credentials, true);
      const target = targetOf(input);
      const output = await once(caller, 'run-job', input, requestId =>
        write.writes.trigger(
          caller,
          target,
          { parameters: input.parameters },
          { requestId },
        ),
      );
      return { output };
    },
  });

  actionsRegistry.register({
    name: 'rebuild-build',
    title: 'Rebuild a Jenkins build',
    description:
      'Runs a build again with the same parameters; password parameters must be supplied again.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          buildNumber: z.number().int().positive(),
          parameters: parameterValues(z),
          idempotencyKey: z.string().max(255).optional(),
        }),
      output: queueOutput,
    },
    action: async ({ input, credentials }) => {
      const caller = await callerOf(credentials, true);
      const target = targetOf(input);
      const output = await once(caller, 'rebuild-build', input, requestId =>
        write.writes.rebuild(
          caller,
          target,
          input.buildNumber,
          { parameters: input.parameters },
          { requestId },
        ),
      );
      return { output };
    },
  });

  actionsRegistry.register({
    name: 'abort-build',
    title: 'Abort a running Jenkins build',
    description:
      'Aborts a running build; fails with a conflict if it finished.',
    attributes: { destructive: true, idempotent: true, readOnly: false },
    schema: {
      input: z =>
        z.object({ ...jobFields(z), buildNumber: z.number().int().positive() }),
      output: doneOutput,
    },
    action: async ({ input, credentials }) => {
      const caller = await callerOf(credentials, true);
      return {
        output: await write.writes.abort(
          caller,
          targetOf(input),
          input.buildNumber,
          { requestId: randomUUID() },
        ),
      };
    },
  });

  actionsRegistry.register({
    name: 'cancel-queue-item',
    title: 'Cancel a queued Jenkins build',
    description:
      'Cancels a queue item that has not started yet; fails with a conflict if it started.',
    attributes: { destructive: true, idempotent: true, readOnly: false },
    schema: {
      input: z =>
        z.object({ ...jobFields(z), queueId: z.number().int().min(0) }),
      output: doneOutput,
    },
    action: async ({ input, credentials }) => {
      const caller = await callerOf(credentials, true);
      return {
        output: await write.writes.cancel(
          caller,
          targetOf(input),
          input.queueId,
          { requestId: randomUUID() },
        ),
      };
    },
  });

  actionsRegistry.register({
    name: 'answer-input',
    title: 'Approve or reject a pipeline input step',
    description:
      'Answers a pending input step of a build (e.g. "Promote to production?") as the invoking person.',
    attributes: { destructive: true, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          buildNumber: z.number().int().positive(),
          inputId: z
            .string()
            .min(1)
            .describe('The input step id, e.g. Promote'),
          action: z.enum(['approve', 'reject']),
          parameters: parameterValues(z),
        }),
      output: doneOutput,
    },
    action: async ({ input, credentials }) => {
      const caller = await callerOf(credentials, true);
      return {
        output: await write.writes.answerInput(
          caller,
          targetOf(input),
          input.buildNumber,
          input.inputId,
          { action: input.action, parameters: input.parameters },
          { requestId: randomUUID() },
        ),
      };
    },
  });
}
