import { InputError } from '@backstage/errors';
import {
  BACKSTAGE_PARAMETER_NAMES,
  BackstageParameterName,
  checkSuppliedParameter,
  ParameterDefinition,
  parameterErrorMessage,
  ParameterInput,
} from '@internal/plugin-jenkins-common';

/**
 * Parameters the backend fills in itself for jobs that declare them, so a
 * pipeline knows who asked and why even when Jenkins sees a service account.
 * Every other `BACKSTAGE_*` name is reserved too: refused, never filled in.
 */
export const BACKSTAGE_PARAMETERS = BACKSTAGE_PARAMETER_NAMES;

/** Values of {@link BACKSTAGE_PARAMETERS}. */
export type BackstageParameterValues = Record<BackstageParameterName, string>;

/** A parameter value as the API accepts it. */
export type SuppliedValue = ParameterInput;

/**
 * Checks supplied values against the job's parameter definitions (the rules
 * shared with the form, see `checkSuppliedParameter`) and turns them into
 * what Jenkins' `buildWithParameters` takes. Unknown names, wrong types and
 * values outside a choice list are refused naming the parameter; the
 * `BACKSTAGE_*` parameters are filled in (when the job declares them), never
 * taken from the caller. Returns undefined for a job without parameters, so
 * that Jenkins gets `build` rather than `buildWithParameters`.
 */
export function toJenkinsParameters(
  definitions: ParameterDefinition[],
  supplied: Record<string, SuppliedValue> | undefined,
  backstage: BackstageParameterValues,
): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(supplied ?? {})) {
    const check = checkSuppliedParameter(definitions, name, value);
    if (!check.ok) {
      throw new InputError(check.problem.message);
    }
    result[name] = check.value;
  }
  const declared = new Set(definitions.map(d => d.name));
  for (const name of BACKSTAGE_PARAMETERS) {
    if (declared.has(name)) {
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
      throw new InputError(
        parameterErrorMessage(
          name,
          'password parameters are not stored; supply it again to rebuild',
        ),
      );
    }
  }
}
