import {
  isReservedParameterName,
  ParameterDefinition,
} from '@internal/plugin-jenkins-common';
import { RawBuild } from '../jenkins/JenkinsJson';
import { SuppliedValue } from './TriggerParameters';

/**
 * The values of a build that a rebuild may repeat — minus secrets, which
 * Jenkins never shows, and the `BACKSTAGE_*` ones, which name the new
 * request — and the names of the secrets it had.
 */
export function originalParameters(
  build: RawBuild,
  definitions: ParameterDefinition[],
): { values: Record<string, SuppliedValue>; passwords: string[] } {
  const byName = new Map(definitions.map(d => [d.name, d]));
  const values: Record<string, SuppliedValue> = {};
  const passwords: string[] = [];
  for (const action of build.actions ?? []) {
    for (const parameter of action?.parameters ?? []) {
      const name = parameter.name ?? '';
      const definition = byName.get(name);
      if (!definition || isReservedParameterName(name)) {
        continue;
      }
      if (
        definition.type === 'password' ||
        /PasswordParameterValue$/.test(parameter._class ?? '')
      ) {
        passwords.push(name);
        continue;
      }
      const value = parameter.value;
      if (definition.type === 'boolean') {
        values[name] = value === true || value === 'true';
      } else if (typeof value === 'string') {
        values[name] = value;
      } else if (typeof value === 'number' || typeof value === 'boolean') {
        values[name] = String(value);
      }
    }
  }
  return { values, passwords };
}
