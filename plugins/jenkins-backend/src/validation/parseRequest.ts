import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Validates one part of a request (`path`, `query`, `body`, a `header`, or
 * an action's `input`) with a schema from jenkins-common; InputError (400)
 * naming the first bad field otherwise. `name` names a part that is a single
 * value, such as a header.
 *
 * @public
 */
export function parseRequest<T extends z.ZodType>(
  schema: T,
  value: unknown,
  part: 'path' | 'query' | 'body' | 'header' | 'input',
  name?: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    // A record's key names the rule it broke one level down.
    const message =
      issue.code === 'invalid_key' && issue.issues[0]
        ? issue.issues[0].message
        : issue.message;
    if (name && issue.path.length === 0) {
      throw new InputError(`Invalid ${part} '${name}': ${message}`);
    }
    let field = issue.path.length ? issue.path.join('.') : part;
    if (issue.code === 'unrecognized_keys') {
      field = [...issue.path, issue.keys.join(', ')].join('.');
    }
    throw new InputError(`Invalid ${part} field '${field}': ${message}`);
  }
  return result.data;
}
