import { ParameterDefinition } from '@internal/plugin-jenkins-common';

/** The values a parameter form holds, by parameter name. */
export type ParameterFormValues = Record<string, string | boolean>;

/** The most a value may hold, as the backend's request schema allows. */
export const MAX_PARAMETER_LENGTH = 65536;

/** Parameters the backend fills in itself (who asked, from where). */
export function isBackendParameter(definition: ParameterDefinition): boolean {
  return definition.name.startsWith('BACKSTAGE_');
}

/** The parameters a person fills in: all but the backend's own. */
export function formParameters(
  definitions: ParameterDefinition[],
): ParameterDefinition[] {
  return definitions.filter(d => !isBackendParameter(d));
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
 * What is wrong with the values, by parameter name; empty when they can be
 * sent. Mirrors what the backend would refuse, so people learn it before
 * they submit.
 */
export function validateParameters(
  definitions: ParameterDefinition[],
  values: ParameterFormValues,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const d of definitions) {
    const value = values[d.name];
    switch (d.type) {
      case 'string':
        if (typeof value !== 'string') {
          errors[d.name] = `${d.name} must be text`;
        } else if (/[\r\n]/.test(value)) {
          errors[d.name] = `${d.name} must be a single line`;
        } else if (value.length > MAX_PARAMETER_LENGTH) {
          errors[
            d.name
          ] = `${d.name} must be at most ${MAX_PARAMETER_LENGTH} characters`;
        }
        break;
      case 'text':
        if (typeof value !== 'string') {
          errors[d.name] = `${d.name} must be text`;
        } else if (value.length > MAX_PARAMETER_LENGTH) {
          errors[
            d.name
          ] = `${d.name} must be at most ${MAX_PARAMETER_LENGTH} characters`;
        }
        break;
      case 'boolean':
        if (typeof value !== 'boolean') {
          errors[d.name] = `${d.name} must be checked or unchecked`;
        }
        break;
      case 'choice':
        if (typeof value !== 'string' || value === '') {
          errors[d.name] = `Choose a value for ${d.name}`;
        } else if (!d.choices.includes(value)) {
          errors[d.name] = `${d.name} must be one of: ${d.choices.join(', ')}`;
        }
        break;
      case 'password':
        if (typeof value !== 'string' || (value === '' && !d.hasDefault)) {
          errors[d.name] = `${d.name} is required`;
        } else if (value.length > MAX_PARAMETER_LENGTH) {
          errors[
            d.name
          ] = `${d.name} must be at most ${MAX_PARAMETER_LENGTH} characters`;
        }
        break;
      default:
        break;
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
