import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Validates one part of a request (`path`, `query` or `body`) with a schema
 * from jenkins-common; InputError (400) naming the first bad field otherwise.
 *
 * @public
 */
export function parseRequest<T extends z.ZodType>(
  schema: T,
  value: unknown,
  part: 'path' | 'query' | 'body',
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    let field = issue.path.length ? issue.path.join('.') : part;
    if (issue.code === 'unrecognized_keys') {
      field = [...issue.path, issue.keys.join(', ')].join('.');
    }
    throw new InputError(`Invalid ${part} field '${field}': ${issue.message}`);
  }
  return result.data;
}
