import { randomUUID } from 'node:crypto';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { z } from 'zod';
import { parseRequest } from '../validation/parseRequest';
import { IdempotencyService } from '../idempotency/IdempotencyService';
import { runIdempotentWrite } from '../idempotency/runIdempotentWrite';
import { CallerResolver } from '../identity/CallerResolver';
import { Caller } from '../identity/types';
import { WriteContext } from '../writes/WriteContext';

/** What every write action needs. */
export interface WriteActionDeps {
  callers: CallerResolver;
  idempotency: IdempotencyService;
}

/**
 * The body of every write action, as the HTTP routes do it: the input is
 * parsed with the operation's `-common` schema, the caller must be a person,
 * and the write runs once per idempotency key.
 */
export async function runWriteAction<
  S extends z.ZodType,
  T extends { requestId?: string },
>(
  deps: WriteActionDeps,
  credentials: BackstageCredentials,
  write: {
    operation: string;
    schema: S;
    input: unknown;
    idempotencyKey?: string;
  },
  run: (
    caller: Caller,
    parsed: z.infer<S>,
    context: WriteContext,
  ) => Promise<T>,
): Promise<T> {
  const parsed = parseRequest(write.schema, write.input, 'input');
  const caller = await deps.callers.personFor(credentials, 'action');
  const answer = await runIdempotentWrite(
    deps.idempotency,
    {
      userRef: caller.userRef,
      key: write.idempotencyKey,
      operation: write.operation,
      input: parsed,
      status: 200,
      requestId: randomUUID(),
    },
    attempt => run(caller, parsed, attempt),
  );
  return answer.body;
}
