import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { triggerRequestSchema } from '@internal/plugin-jenkins-common';
import { BuildWaiter } from '../BuildWaiter';
import { JenkinsPluginClient } from '../JenkinsPluginClient';
import { stepIdempotencyKey } from '../stepIdempotencyKey';
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

const ID = 'jenkins:build:run';

/**
 * `jenkins:build:run`: runs a job of an entity as the template's user,
 * through the Jenkins plugin's API, and by default waits for the result.
 */
export function createRunBuildAction(deps: {
  client: JenkinsPluginClient;
  waiter: BuildWaiter;
}) {
  return createTemplateAction({
    id: ID,
    description:
      "Runs a Jenkins job of an entity as the person running the template, under the Jenkins plugin's permissions, identity, idempotency and audit; waits for the result unless told not to.",
    examples: [
      {
        description: 'Deploy a version to staging and wait for the result',
        example: [
          'steps:',
          '  - id: deploy',
          '    name: Deploy to staging',
          `    action: ${ID}`,
          '    input:',
          '      entityRef: component:default/payments-service',
          '      job: payments/deploy-staging',
          '      parameters:',
          '        VERSION: ${{ parameters.version }}',
          '      timeoutSeconds: 600',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        ...jobTargetFields,
        parameters: z =>
          z
            .record(z.union([z.string(), z.boolean(), z.number()]))
            .optional()
            .describe(
              "Build parameters by name, checked against the job's parameter definitions",
            ),
        wait: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Wait for the build to finish (default true); false returns once Jenkins queued it',
            ),
        ...waitFields,
      },
      output: buildOutputFields,
    },
    async handler(ctx) {
      const { target, jobName } = jobTargetOf(ctx.input);
      const request = triggerRequestSchema.safeParse({
        parameters: ctx.input.parameters,
      });
      if (!request.success) {
        const issue = request.error.issues[0];
        throw new InputError(`${issue.path.join('.')} ${issue.message}`);
      }
      const credentials = await templateUserCredentials(ctx, ID);
      const userRef = credentials.principal.userEntityRef;
      const key = stepIdempotencyKey(ctx, ID);

      ctx.logger.info(
        `Running ${jobName} of ${target.entityRef} as ${userRef}`,
      );
      const answer = await deps.client
        .trigger(credentials, target, request.data, key)
        .catch(error => {
          throw refusal(error, `run ${jobName}`, userRef);
        });
      if (answer.replayed) {
        ctx.logger.info(
          `This step already queued ${jobName} (queue item ${answer.queue.queueId}); not starting another build`,
        );
      }
      ctx.output('queueId', answer.queue.queueId);
      if (answer.queue.buildNumber !== null) {
        ctx.output('buildNumber', answer.queue.buildNumber);
      }
      if (answer.queue.buildUrl !== null) {
        ctx.output('buildUrl', answer.queue.buildUrl);
      }
      if (ctx.input.wait === false) {
        return;
      }

      const outcome = await waitAndOutput(ctx, () =>
        deps.waiter.wait({
          credentials,
          target,
          jobName,
          start:
            answer.queue.buildNumber !== null
              ? { buildNumber: answer.queue.buildNumber }
              : { queueId: answer.queue.queueId },
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
