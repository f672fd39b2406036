import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { answerInputOperationSchema } from '@internal/plugin-jenkins-common';
import { JenkinsPluginClient } from '../JenkinsPluginClient';
import { stepIdempotencyKey } from '../stepIdempotencyKey';
import { templateUserCredentials } from '../TemplateUser';
import { refusal } from './buildOutcome';
import { jobTargetFields, jobTargetOf } from './jobTargetInput';

const ID = 'jenkins:input:answer';

/**
 * `jenkins:input:answer`: approves or rejects a pending pipeline input step
 * as the template's user (Jenkins decides again whether they may submit it).
 */
export function createAnswerInputAction(deps: { client: JenkinsPluginClient }) {
  return createTemplateAction({
    id: ID,
    description:
      "Approves or rejects a pending input step of a Jenkins build as the person running the template, under the Jenkins plugin's permissions, identity, idempotency and audit.",
    examples: [
      {
        description: 'Approve the promotion of a production deployment',
        example: [
          'steps:',
          '  - id: promote',
          `    action: ${ID}`,
          '    input:',
          '      entityRef: component:default/payments-service',
          '      job: payments/deploy-production',
          '      buildNumber: ${{ steps.deploy.output.buildNumber }}',
          '      inputId: Promote',
          '      answer: approve',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        ...jobTargetFields,
        buildNumber: z =>
          z.number().int().positive().describe('The paused build'),
        inputId: z => z.string().describe('The input step id, e.g. Promote'),
        answer: z =>
          z
            .enum(['approve', 'reject'])
            .describe('approve proceeds the build, reject aborts it'),
        parameters: z =>
          z
            .record(z.union([z.string(), z.boolean(), z.number()]))
            .optional()
            .describe('Values of the input step’s parameters, by name'),
      },
      output: {
        message: z =>
          z
            .string()
            .describe('What Jenkins did, e.g. "Input Promote approved"'),
      },
    },
    async handler(ctx) {
      const { target, jobName } = jobTargetOf(ctx.input);
      const operation = answerInputOperationSchema.safeParse({
        ...target,
        buildNumber: ctx.input.buildNumber,
        inputId: ctx.input.inputId,
        action: ctx.input.answer,
        parameters: ctx.input.parameters,
      });
      if (!operation.success) {
        const issue = operation.error.issues[0];
        throw new InputError(`${issue.path.join('.')} ${issue.message}`);
      }
      const credentials = await templateUserCredentials(ctx, ID);
      const userRef = credentials.principal.userEntityRef;
      const { buildNumber, inputId, action, parameters } = operation.data;
      ctx.logger.info(
        `Answering ${inputId} of ${jobName} #${buildNumber}: ${action}, as ${userRef}`,
      );
      const answer = await deps.client
        .answerInput(
          credentials,
          target,
          buildNumber,
          inputId,
          { action, parameters },
          stepIdempotencyKey(ctx, ID),
        )
        .catch(error => {
          throw refusal(
            error,
            `${action} ${inputId} of ${jobName} #${buildNumber}`,
            userRef,
          );
        });
      ctx.logger.info(answer.message);
      ctx.output('message', answer.message);
    },
  });
}
