import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { abortOperationSchema } from '@internal/plugin-jenkins-common';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import {
  idempotencyKeyField,
  idempotencyKeyOf,
  jobFields,
  targetFieldsOf,
} from './actionInputs';
import { doneOutput } from './actionOutputs';
import { runWriteAction, WriteActionDeps } from './runWriteAction';

/** `jenkins:abort-build`: aborts a running build. */
export function registerAbortBuildAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & { writes: AuthorizedWriteService },
): void {
  actionsRegistry.register({
    name: 'abort-build',
    title: 'Abort a running Jenkins build',
    description:
      'Aborts a running build; fails with a conflict if it finished.',
    attributes: { destructive: true, idempotent: true, readOnly: false },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          buildNumber: z.number(),
          idempotencyKey: idempotencyKeyField(z),
        }),
      output: doneOutput,
    },
    action: async ({ input, credentials }) => ({
      output: await runWriteAction(
        deps,
        credentials,
        {
          operation: 'abort',
          schema: abortOperationSchema,
          input: { ...targetFieldsOf(input), buildNumber: input.buildNumber },
          idempotencyKey: idempotencyKeyOf(input),
        },
        (caller, op, context) => deps.writes.abort(caller, op, context),
      ),
    }),
  });
}
