import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { z } from 'zod';
import { parseRequest } from '../validation/parseRequest';
import { CallerResolver } from '../identity/CallerResolver';
import { Caller } from '../identity/types';
import { AuthorizedReadService } from '../reads/AuthorizedReadService';

/** What every read action needs. */
export interface ReadActionDeps {
  callers: CallerResolver;
  reads: AuthorizedReadService;
}

/** Parses a read action's input with a `-common` schema and names the caller. */
export async function readActionInput<S extends z.ZodType>(
  deps: ReadActionDeps,
  credentials: BackstageCredentials,
  schema: S,
  input: unknown,
): Promise<{ caller: Caller; parsed: z.infer<S> }> {
  const parsed = parseRequest(schema, input, 'input');
  return {
    parsed,
    caller: await deps.callers.callerFor(credentials, 'action'),
  };
}
