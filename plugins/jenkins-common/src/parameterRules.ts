import type { ParameterDefinition } from './types';

/**
 * The parameters the backend fills in itself for jobs that declare them, so
 * a pipeline knows who asked and why even when Jenkins sees a service
 * account.
 *
 * @public
 */
export const BACKSTAGE_PARAMETER_NAMES = [
  'BACKSTAGE_USER',
  'BACKSTAGE_ENTITY',
  'BACKSTAGE_OWNER',
  'BACKSTAGE_REQUEST_ID',
] as const;

/** One of {@link BACKSTAGE_PARAMETER_NAMES}. @public */
export type BackstageParameterName = (typeof BACKSTAGE_PARAMETER_NAMES)[number];

/**
 * Parameter names starting with this belong to Backstage: the form does not
 * show them and the API refuses values for them, whether or not the backend
 * fills them in today.
 *
 * @public
 */
export const RESERVED_PARAMETER_PREFIX = 'BACKSTAGE_';

/** Whether a parameter is Backstage's to set, never a person's. @public */
export function isReservedParameterName(name: string): boolean {
  return name.startsWith(RESERVED_PARAMETER_PREFIX);
}

/** The most characters a parameter value may hold. @public */
export const MAX_PARAMETER_VALUE_LENGTH = 65536;

/**
 * Which rule a supplied parameter value broke, with what the form needs to
 * word it for a person.
 *
 * @public
 */
export type ParameterProblemDetail =
  | { code: 'reserved' }
  | { code: 'unknown'; known: string[] }
  | { code: 'not-a-string' }
  | { code: 'not-a-boolean' }
  | { code: 'multi-line' }
  | { code: 'too-long'; maxLength: number }
  | { code: 'not-a-choice'; value: string; choices: string[] };

/**
 * What is wrong with one supplied parameter value.
 *
 * @public
 */
export type ParameterProblem = ParameterProblemDetail & {
  /** The parameter's name. */
  parameter: string;
  /** What is wrong, without the name, e.g. `must be a single line`. */
  reason: string;
  /** The reason naming the parameter, e.g. `Parameter 'VERSION': must be a single line`. */
  message: string;
};

/**
 * The outcome of checking one supplied value: the string Jenkins gets, or
 * the problem.
 *
 * @public
 */
export type ParameterCheck =
  | { ok: true; value: string }
  | { ok: false; problem: ParameterProblem };

/** A message naming the parameter: `Parameter 'NAME': reason`. @public */
export function parameterErrorMessage(name: string, reason: string): string {
  return `Parameter '${name}': ${reason}`;
}

function refuse(
  name: string,
  reason: string,
  detail: ParameterProblemDetail,
): ParameterCheck {
  return {
    ok: false,
    problem: {
      ...detail,
      parameter: name,
      reason,
      message: parameterErrorMessage(name, reason),
    },
  };
}

function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function checkText(
  name: string,
  value: unknown,
  singleLine: boolean,
): ParameterCheck {
  if (typeof value !== 'string') {
    return refuse(name, 'must be a string', { code: 'not-a-string' });
  }
  if (singleLine && /[\r\n]/.test(value)) {
    return refuse(name, 'must be a single line', { code: 'multi-line' });
  }
  if (value.length > MAX_PARAMETER_VALUE_LENGTH) {
    return refuse(
      name,
      `must be at most ${MAX_PARAMETER_VALUE_LENGTH} characters`,
      { code: 'too-long', maxLength: MAX_PARAMETER_VALUE_LENGTH },
    );
  }
  return { ok: true, value };
}

/**
 * Checks one supplied value against the parameter's definition and turns it
 * into the string Jenkins' `buildWithParameters` takes. A string parameter
 * takes one line of text, a text parameter several; a password any text; a
 * choice exactly one of its choices; a boolean only `true` or `false` (not
 * the strings "true" or "false", nor numbers), sent as "true" or "false". No
 * text may be longer than {@link MAX_PARAMETER_VALUE_LENGTH}. A type this
 * plugin does not know takes text as-is.
 *
 * Whether an empty value is acceptable (a secret without a default, say) is
 * the caller's concern: Jenkins takes an empty value as given.
 *
 * @public
 */
export function checkParameterValue(
  definition: ParameterDefinition,
  value: unknown,
): ParameterCheck {
  const { name } = definition;
  switch (definition.type) {
    case 'boolean':
      if (typeof value !== 'boolean') {
        return refuse(name, `must be true or false, not ${shown(value)}`, {
          code: 'not-a-boolean',
        });
      }
      return { ok: true, value: String(value) };
    case 'choice':
      if (typeof value !== 'string') {
        return refuse(name, 'must be a string', { code: 'not-a-string' });
      }
      if (!definition.choices.includes(value)) {
        return refuse(
          name,
          `'${value}' is not one of ${definition.choices
            .map(c => `'${c}'`)
            .join(', ')}`,
          { code: 'not-a-choice', value, choices: definition.choices },
        );
      }
      return { ok: true, value };
    case 'string':
      return checkText(name, value, true);
    case 'text':
    case 'password':
    default:
      return checkText(name, value, false);
  }
}

/**
 * Checks a value supplied by name for a job (or input step) with these
 * parameter definitions: refuses Backstage's own parameters and names the
 * job does not have, then checks the value as {@link checkParameterValue}
 * does.
 *
 * @public
 */
export function checkSuppliedParameter(
  definitions: readonly ParameterDefinition[],
  name: string,
  value: unknown,
): ParameterCheck {
  if (isReservedParameterName(name)) {
    return refuse(
      name,
      (BACKSTAGE_PARAMETER_NAMES as readonly string[]).includes(name)
        ? 'is set by Backstage and cannot be supplied'
        : `is reserved for Backstage (${RESERVED_PARAMETER_PREFIX}*) and cannot be supplied`,
      { code: 'reserved' },
    );
  }
  const definition = definitions.find(d => d.name === name);
  if (!definition) {
    const known = definitions
      .map(d => d.name)
      .filter(n => !isReservedParameterName(n));
    return refuse(
      name,
      known.length
        ? `the job has no such parameter (it has ${known.join(', ')})`
        : 'the job takes no parameters',
      { code: 'unknown', known },
    );
  }
  return checkParameterValue(definition, value);
}
