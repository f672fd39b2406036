import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  boundedBuildNumberSchema,
  boundedQueueIdSchema,
} from '@internal/plugin-jenkins-common';
import { BuildWaiter, WaitStart } from '../BuildWaiter';
import { templateUserCredentials } from '../TemplateUser';
import {
  buildOutputFields,
  failOnFailure,
  refusal,
  timeoutMsOf,
  waitAndOutput,
  waitFields,
} from './buildOutcome';
import { jobTargetFields, jobTargetOf } from './jobTargetInput';

const ID = 'jenkins:build:wait';

/** Where to start waiting: exactly one of a queue item or a build. */
function startOf(input: { queueId?: number; buildNumber?: number }): WaitStart {
  if ((input.queueId === undefined) === (input.buildNumber === undefined)) {
    throw new InputError('Give exactly one of queueId and buildNumber');
  }
  if (input.queueId !== undefined) {
    const queueId = boundedQueueIdSchema.safeParse(input.queueId);
    if (!queueId.success) {
      throw new InputError(`queueId ${queueId.error.issues[0].message}`);
    }
    return { queueId: queueId.data };
  }
  const buildNumber = boundedBuildNumberSchema.safeParse(input.buildNumber);
  if (!buildNumber.success) {
    throw new InputError(`buildNumber ${buildNumber.error.issues[0].message}`);
  }
  return { buildNumber: buildNumber.data };
}

/**
 * `jenkins:build:wait`: waits, within a bounded time, for a queue item or a
 * build of an entity's job to finish, reading it as the template's user.
 */
export function createWaitForBuildAction(deps: { waiter: BuildWaiter }) {
  return createTemplateAction({
    id: ID,
    description:
      "Waits for a Jenkins queue item or build of an entity's job to finish, read as the person running the template; outputs the result and the build link.",
    examples: [
      {
        description: 'Wait for the build an earlier step queued',
        example: [
          'steps:',
          '  - id: wait',
          `    action: ${ID}`,
          '    input:',
          '      entityRef: component:default/payments-service',
          '      job: payments/deploy-staging',
          '      queueId: ${{ steps.deploy.output.queueId }}',
          '      timeoutSeconds: 900',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        ...jobTargetFields,
        queueId: z =>
          z
            .number()
            .int()
            .positive()
            .optional()
            .describe(
              'The queue item to wait for (one of queueId, buildNumber)',
            ),
        buildNumber: z =>
          z
            .number()
            .int()
            .positive()
            .optional()
            .describe('The build to wait for (one of queueId, buildNumber)'),
        ...waitFields,
      },
      output: buildOutputFields,
    },
    async handler(ctx) {
      const { target, jobName } = jobTargetOf(ctx.input);
      const start = startOf(ctx.input);
      const credentials = await templateUserCredentials(ctx, ID);
      const userRef = credentials.principal.userEntityRef;
      const outcome = await waitAndOutput(ctx, () =>
        deps.waiter.wait({
          credentials,
          target,
          jobName,
          start,
          timeoutMs: timeoutMsOf(ctx.input.timeoutSeconds),
          logger: ctx.logger,
          signal: ctx.signal,
        }),
      ).catch(error => {
        throw refusal(error, `report on ${jobName}`, userRef);
      });
      failOnFailure(outcome, jobName, ctx.input.failOnBuildFailure);
    },
  });
}
