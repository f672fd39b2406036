import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  boundedBuildNumberSchema,
  jobTargetSchema,
} from '@internal/plugin-jenkins-common';
import { z as zod } from 'zod';
import { Caller } from '../identity/types';
import {
  AuthorizedBuildViews,
  BuildTarget,
} from '../reads/AuthorizedBuildViews';
import { jobFields, RegistryZod, targetFieldsOf } from './actionInputs';
import { parseRequest } from '../validation/parseRequest';
import { ReadActionDeps } from './readActionDeps';

/** What every build view action needs. */
export type BuildViewActionDeps = Pick<ReadActionDeps, 'callers'> & {
  buildViews: AuthorizedBuildViews;
};

const buildTargetSchema = jobTargetSchema
  .extend({ buildNumber: boundedBuildNumberSchema })
  .strict();

/**
 * Registers a read-only action on one build's view, the way its HTTP route
 * serves it: the job fields and the build number, parsed with the `-common`
 * schemas, then one call of the build views service as the caller.
 */
export function registerBuildViewAction<E extends zod.ZodRawShape>(
  actionsRegistry: ActionsRegistryService,
  deps: BuildViewActionDeps,
  spec: {
    name: string;
    title: string;
    description: string;
    /** The action's own input fields, described for the registry. */
    fields?: (z: RegistryZod) => Record<string, any>;
    /** The same fields as a `-common` schema, applied after. */
    extra?: E;
    output: (z: RegistryZod) => any;
    read: (
      views: AuthorizedBuildViews,
      caller: Caller,
      target: BuildTarget,
      extra: zod.infer<zod.ZodObject<E>>,
    ) => Promise<unknown>;
  },
): void {
  const schema = buildTargetSchema.extend(spec.extra ?? ({} as E)).strict();
  actionsRegistry.register({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          buildNumber: z.number(),
          ...(spec.fields?.(z) ?? {}),
        }),
      output: spec.output,
    },
    action: async ({ input, credentials }) => {
      const { buildNumber, entityRef, jobId, jobFullName, instance, ...rest } =
        input as Record<string, any>;
      const parsed = parseRequest(
        schema,
        {
          ...targetFieldsOf({ entityRef, jobId, jobFullName, instance }),
          buildNumber,
          ...rest,
        },
        'input',
      );
      const caller = await deps.callers.callerFor(credentials, 'action');
      const {
        entityRef: ref,
        jobId: id,
        buildNumber: number,
        ...extra
      } = parsed as Record<string, any>;
      return {
        output: (await spec.read(
          deps.buildViews,
          caller,
          { entityRef: ref, jobId: id, buildNumber: number },
          extra as zod.infer<zod.ZodObject<E>>,
        )) as any,
      };
    },
  });
}
