import { InputError } from '@backstage/errors';
import { ParameterDefinition } from '@internal/plugin-jenkins-common';

/**
 * Parameters the backend fills in itself for jobs that declare them, so a
 * pipeline knows who asked and why even when Jenkins sees a service account.
 */
export const BACKSTAGE_PARAMETERS = [
  'BACKSTAGE_USER',
  'BACKSTAGE_ENTITY',
  'BACKSTAGE_OWNER',
  'BACKSTAGE_REQUEST_ID',
] as const;

/** Values of {@link BACKSTAGE_PARAMETERS}. */
export type BackstageParameterValues = Record<
  (typeof BACKSTAGE_PARAMETERS)[number],
  string
>;

const RESERVED = new Set<string>(BACKSTAGE_PARAMETERS);

/** A parameter value as the API accepts it. */
export type SuppliedValue = string | boolean | number;

function invalid(name: string, problem: string): InputError {
  return new InputError(`Parameter '${name}': ${problem}`);
}

function toJenkinsValue(
  definition: ParameterDefinition,
  value: SuppliedValue,
): string {
  const { name } = definition;
  switch (definition.type) {
    case 'boolean':
      if (typeof value !== 'boolean') {
        throw invalid(
          name,
          `must be true or false, not ${JSON.stringify(value)}`,
        );
      }
      return String(value);
    case 'choice':
      if (typeof value !== 'string') {
        throw invalid(name, 'must be a string');
      }
      if (!definition.choices.includes(value)) {
        throw invalid(
          name,
          `'${value}' is not one of ${definition.choices
            .map(c => `'${c}'`)
            .join(', ')}`,
        );
      }
      return value;
    case 'string':
    case 'text':
    case 'password':
      if (typeof value !== 'string') {
        throw invalid(name, 'must be a string');
      }
      if (definition.type === 'string' && /[\r\n]/.test(value)) {
        throw invalid(
          name,
          'must be a single line (use a text parameter for more)',
        );
      }
      return value;
    default:
      // A parameter type the form does not know: pass text through as-is.
      if (typeof value !== 'string') {
        throw invalid(name, 'must be a string');
      }
      return value;
  }
}

/**
 * Checks supplied values against the job's parameter definitions and turns
 * them into what Jenkins' `buildWithParameters` takes. Unknown names, wrong
 * types and values outside a choice list are refused naming the parameter;
 * the `BACKSTAGE_*` parameters are filled in (when the job declares them),
 * never taken from the caller. Returns undefined for a job without
 * parameters, so that Jenkins gets `build` rather than `buildWithParameters`.
 */
export function toJenkinsParameters(
  definitions: ParameterDefinition[],
  supplied: Record<string, SuppliedValue> | undefined,
  backstage: BackstageParameterValues,
): Record<string, string> | undefined {
  const byName = new Map(definitions.map(d => [d.name, d]));
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(supplied ?? {})) {
    if (RESERVED.has(name)) {
      throw invalid(name, 'is set by Backstage and cannot be supplied');
    }
    const definition = byName.get(name);
    if (!definition) {
      throw invalid(
        name,
        definitions.length
          ? `the job has no such parameter (it has ${definitions
              .map(d => d.name)
              .join(', ')})`
          : 'the job takes no parameters',
      );
    }
    result[name] = toJenkinsValue(definition, value);
  }
  for (const name of BACKSTAGE_PARAMETERS) {
    if (byName.has(name)) {
      result[name] = backstage[name];
    }
  }
  if (definitions.length === 0) {
    return undefined;
  }
  return result;
}

/**
 * Password parameters the original build was given must be supplied again
 * to rebuild it: their values are never stored, so they cannot be repeated.
 */
export function requireResuppliedPasswords(
  originalPasswords: Iterable<string>,
  supplied: Record<string, SuppliedValue> | undefined,
): void {
  for (const name of originalPasswords) {
    if (supplied?.[name] === undefined) {
      throw invalid(
        name,
        'password parameters are not stored; supply it again to rebuild',
      );
    }
  }
}
