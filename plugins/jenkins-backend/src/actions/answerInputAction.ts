import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { answerInputOperationSchema } from '@internal/plugin-jenkins-common';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import { parameterValues } from './actionInputs';
import { doneOutput } from './actionOutputs';
import { registerWriteAction } from './registerWriteAction';
import { WriteActionDeps } from './runWriteAction';

/** `jenkins:answer-input`: approves or rejects a pending input step. */
export function registerAnswerInputAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & { writes: AuthorizedWriteService },
): void {
  registerWriteAction(actionsRegistry, deps, {
    name: 'answer-input',
    title: 'Approve or reject a pipeline input step',
    description:
      'Answers a pending input step of a build (e.g. "Promote to production?") as the invoking person.',
    attributes: { readOnly: false, destructive: true, idempotent: false },
    fields: z => ({
      buildNumber: z.number(),
      inputId: z.string().describe('The input step id, e.g. Promote'),
      action: z.enum(['approve', 'reject']),
      parameters: parameterValues(z),
    }),
    output: doneOutput,
    operation: 'answerInput',
    schema: answerInputOperationSchema,
    operationFields: input => ({
      buildNumber: input.buildNumber,
      inputId: input.inputId,
      action: input.action,
      parameters: input.parameters,
    }),
    run: (writes, caller, operation, context) =>
      writes.answerInput(caller, operation, context),
  });
}
