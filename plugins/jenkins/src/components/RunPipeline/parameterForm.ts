import {
  checkParameterValue,
  isReservedParameterName,
  ParameterDefinition,
  ParameterProblem,
} from '@internal/plugin-jenkins-common';

/** The values a parameter form holds, by parameter name. */
export type ParameterFormValues = Record<string, string | boolean>;

/** The parameters a person fills in: all but Backstage's own. */
export function formParameters(
  definitions: ParameterDefinition[],
): ParameterDefinition[] {
  return definitions.filter(d => !isReservedParameterName(d.name));
}

/** The form's starting values: Jenkins' defaults. Secrets start empty. */
export function initialParameterValues(
  definitions: ParameterDefinition[],
): ParameterFormValues {
  const values: ParameterFormValues = {};
  for (const d of definitions) {
    switch (d.type) {
      case 'boolean':
        values[d.name] = d.defaultValue;
        break;
      case 'string':
      case 'text':
        values[d.name] = d.defaultValue ?? '';
        break;
      case 'choice':
        values[d.name] =
          d.defaultValue ?? (d.choices.length === 1 ? d.choices[0] : '');
        break;
      case 'password':
        values[d.name] = '';
        break;
      default:
        break;
    }
  }
  return values;
}

/**
 * A problem worded for the field it is shown under. A select says which
 * values it offers, and one left empty asks for a choice; everything else
 * reads as the backend would refuse it.
 */
export function parameterProblemText(problem: ParameterProblem): string {
  const { parameter, reason } = problem;
  if (problem.code === 'not-a-choice') {
    return problem.value === ''
      ? `Choose a value for ${parameter}`
      : `${parameter} must be one of: ${problem.choices.join(', ')}`;
  }
  return `${parameter} ${reason}`;
}

/**
 * What is wrong with the values, by parameter name; empty when they can be
 * sent. Applies the rules the backend applies (shared in
 * `checkParameterValue`), so people learn them before they submit; and, as a
 * person fills every field, a secret without a Jenkins default is required.
 */
export function validateParameters(
  definitions: ParameterDefinition[],
  values: ParameterFormValues,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const d of definitions) {
    const value = values[d.name];
    if (d.type === 'unsupported') {
      continue;
    }
    if (d.type === 'password' && value === '' && !d.hasDefault) {
      errors[d.name] = `${d.name} is required`;
      continue;
    }
    const check = checkParameterValue(d, value);
    if (!check.ok) {
      errors[d.name] = parameterProblemText(check.problem);
    }
  }
  return errors;
}

/**
 * The parameters to send. An empty secret with a Jenkins default is left
 * out so Jenkins uses its default; unsupported types are left to Jenkins.
 */
export function parametersToSend(
  definitions: ParameterDefinition[],
  values: ParameterFormValues,
): Record<string, string | boolean> {
  const result: Record<string, string | boolean> = {};
  for (const d of definitions) {
    const value = values[d.name];
    if (d.type === 'unsupported' || value === undefined) {
      continue;
    }
    if (d.type === 'password' && value === '') {
      continue;
    }
    result[d.name] = value;
  }
  return result;
}
