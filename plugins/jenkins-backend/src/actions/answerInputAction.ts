import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { answerInputOperationSchema } from '@internal/plugin-jenkins-common';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import {
  idempotencyKeyField,
  idempotencyKeyOf,
  jobFields,
  parameterValues,
  targetFieldsOf,
} from './actionInputs';
import { doneOutput } from './actionOutputs';
import { runWriteAction, WriteActionDeps } from './runWriteAction';

/** `jenkins:answer-input`: approves or rejects a pending input step. */
export function registerAnswerInputAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & { writes: AuthorizedWriteService },
): void {
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
          buildNumber: z.number(),
          inputId: z.string().describe('The input step id, e.g. Promote'),
          action: z.enum(['approve', 'reject']),
          parameters: parameterValues(z),
          idempotencyKey: idempotencyKeyField(z),
        }),
      output: doneOutput,
    },
    action: async ({ input, credentials }) => ({
      output: await runWriteAction(
        deps,
        credentials,
        {
          operation: 'answerInput',
          schema: answerInputOperationSchema,
          input: {
            ...targetFieldsOf(input),
            buildNumber: input.buildNumber,
            inputId: input.inputId,
            action: input.action,
            parameters: input.parameters,
          },
          idempotencyKey: idempotencyKeyOf(input),
        },
        (caller, op, context) => deps.writes.answerInput(caller, op, context),
      ),
    }),
  });
}
