import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  boundedBuildNumberSchema,
  changeRecordSchema,
  jobTargetSchema,
} from '@internal/plugin-jenkins-common';
import { CallerResolver } from '../identity/CallerResolver';
import { ChangeRecordService } from '../reads/ChangeRecordService';
import { parseRequest } from '../validation/parseRequest';
import { jobFields, targetFieldsOf } from './actionInputs';
import { toRegistrySchema } from './registrySchema';

const inputSchema = jobTargetSchema
  .extend({ buildNumber: boundedBuildNumberSchema })
  .strict();

/**
 * `jenkins:get-change-record`: a build's change record, as
 * `GET …/builds/:number/record` answers it, for automation that files
 * evidence (a change ticket, a release note).
 */
export function registerGetChangeRecordAction(
  actionsRegistry: ActionsRegistryService,
  deps: { callers: CallerResolver; changeRecords: ChangeRecordService },
): void {
  actionsRegistry.register({
    name: 'get-change-record',
    title: 'Read the change record of a Jenkins build',
    description:
      'Reads the change record of one build: entity, owner and system; who requested it and how; its parameters (secrets masked); every approval, rejection, abort and rebuild with person, time, the permission policy decision and Jenkins answer; the result, duration and commits; and a sha256 digest over the record that shows later changes.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object({ ...jobFields(z), buildNumber: z.number() }),
      output: z => toRegistrySchema(changeRecordSchema, z),
    },
    action: async ({ input, credentials }) => {
      const parsed = parseRequest(
        inputSchema,
        { ...targetFieldsOf(input), buildNumber: input.buildNumber },
        'input',
      );
      const caller = await deps.callers.callerFor(credentials, 'action');
      return {
        output: await deps.changeRecords.record(
          caller,
          parsed.entityRef,
          parsed.jobId,
          parsed.buildNumber,
        ),
      };
    },
  });
}
