import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { z } from 'zod';
import { Caller } from '../identity/types';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import { WriteContext } from '../writes/WriteContext';
import {
  idempotencyKeyField,
  idempotencyKeyOf,
  jobFields,
  RegistryZod,
  targetFieldsOf,
} from './actionInputs';
import { runWriteAction, WriteActionDeps } from './runWriteAction';

/** What makes one write action itself. */
export interface WriteActionSpec<S extends z.ZodType, T> {
  name: string;
  title: string;
  description: string;
  /** Declared in full by each action: a write is never read-only. */
  attributes: { readOnly: false; destructive: boolean; idempotent: boolean };
  /** The action's own input fields, beside the job and the idempotency key. */
  fields: (z: RegistryZod) => Record<string, any>;
  output: (z: RegistryZod) => any;
  /** The operation, as the HTTP route names it, and its `-common` schema. */
  operation: string;
  schema: S;
  /** The operation's own fields, from the action input. */
  operationFields: (input: any) => Record<string, unknown>;
  run: (
    writes: AuthorizedWriteService,
    caller: Caller,
    operation: z.infer<S>,
    context: WriteContext,
  ) => Promise<T & { requestId?: string }>;
}

/**
 * Registers a write action: the job fields and an optional idempotency key
 * beside its own fields, parsed with the operation's `-common` schema, run
 * as the person once per key — the way the write's HTTP route does it.
 */
export function registerWriteAction<S extends z.ZodType, T>(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & { writes: AuthorizedWriteService },
  spec: WriteActionSpec<S, T>,
): void {
  actionsRegistry.register({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    attributes: spec.attributes,
    schema: {
      input: zod =>
        zod.object({
          ...jobFields(zod),
          ...spec.fields(zod),
          idempotencyKey: idempotencyKeyField(zod),
        }),
      output: spec.output,
    },
    action: async ({ input, credentials }) => ({
      output: await runWriteAction(
        deps,
        credentials,
        {
          operation: spec.operation,
          schema: spec.schema,
          input: { ...targetFieldsOf(input), ...spec.operationFields(input) },
          idempotencyKey: idempotencyKeyOf(input),
        },
        (caller, operation, context) =>
          spec.run(deps.writes, caller, operation, context),
      ),
    }),
  });
}
