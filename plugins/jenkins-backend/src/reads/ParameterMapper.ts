import {
  ParameterDefinition,
  ParameterValue,
} from '@internal/plugin-jenkins-common';
import { RawJob, RawParameterDefinition } from '../jenkins/JenkinsJson';

/** The masked stand-in for a secret parameter value. */
export const MASKED_VALUE = '********';

function typeOf(definition: RawParameterDefinition): string {
  return definition.type ?? definition._class?.split('.').pop() ?? 'unknown';
}

function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string') {
    return value;
  }
  return value === null || value === undefined ? null : String(value);
}

/** A parameter value as the API carries it: scalars as-is, anything else as JSON. */
function scalarOrJson(value: unknown): string | boolean | number | null {
  if (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    typeof value === 'number'
  ) {
    return value;
  }
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** Maps Jenkins parameter definitions to the Run pipeline form's shapes. */
export function toParameterDefinition(
  definition: RawParameterDefinition,
): ParameterDefinition {
  const base = {
    name: definition.name ?? '',
    description: definition.description || null,
  };
  const defaultValue = definition.defaultParameterValue?.value;
  switch (typeOf(definition)) {
    case 'StringParameterDefinition':
      return {
        ...base,
        type: 'string',
        defaultValue: stringOrNull(defaultValue),
      };
    case 'TextParameterDefinition':
      return {
        ...base,
        type: 'text',
        defaultValue: stringOrNull(defaultValue),
      };
    case 'BooleanParameterDefinition':
      return {
        ...base,
        type: 'boolean',
        defaultValue: defaultValue === true || defaultValue === 'true',
      };
    case 'ChoiceParameterDefinition':
      return {
        ...base,
        type: 'choice',
        choices: definition.choices ?? [],
        defaultValue:
          stringOrNull(defaultValue) ?? definition.choices?.[0] ?? null,
      };
    case 'PasswordParameterDefinition':
      // Never the secret: Jenkins exports no value, only that a default exists.
      return {
        ...base,
        type: 'password',
        hasDefault: !!definition.defaultParameterValue,
      };
    default:
      return { ...base, type: 'unsupported', jenkinsType: typeOf(definition) };
  }
}

/** The job's parameter definitions (from its ParametersDefinitionProperty). */
export function parameterDefinitionsOf(job: RawJob): RawParameterDefinition[] {
  return (job.property ?? []).flatMap(
    property => property?.parameterDefinitions ?? [],
  );
}

/** Names of the job's password parameters. */
export function passwordParameterNames(job: RawJob | undefined): Set<string> {
  return new Set(
    parameterDefinitionsOf(job ?? {})
      .filter(
        definition => typeOf(definition) === 'PasswordParameterDefinition',
      )
      .map(definition => definition.name ?? ''),
  );
}

/**
 * A build's parameter values, with every password masked: known from the
 * value's class or from the job's definitions.
 */
export function toParameterValues(
  parameters: Array<{ _class?: string; name?: string; value?: unknown }>,
  passwords: Set<string>,
): ParameterValue[] {
  return parameters.map(parameter => {
    const name = parameter.name ?? '';
    const secret =
      passwords.has(name) ||
      /PasswordParameterValue$/.test(parameter._class ?? '');
    if (secret) {
      return { name, value: MASKED_VALUE, masked: true };
    }
    return {
      name,
      value: scalarOrJson(parameter.value),
      masked: false,
    };
  });
}
