import { ParameterDefinition } from '@internal/plugin-jenkins-common';

/** What replaces a secret value in the audit trail and in logs. */
export const MASKED_VALUE = '********';

/**
 * Names that look secret are masked even when no definition says so (e.g.
 * input step parameters whose definitions were not read), because a value
 * that leaks into the audit trail cannot be taken back.
 */
const SECRET_LOOKING_NAME = /pass(word)?|secret|token|credential|api[_-]?key/i;

/**
 * Returns the parameters as they may be recorded: password parameters and
 * secret-looking names replaced by {@link MASKED_VALUE}.
 */
export function maskParameters(
  parameters: Record<string, unknown> | undefined | null,
  definitions: ParameterDefinition[] = [],
): Record<string, unknown> | null {
  if (!parameters) {
    return null;
  }
  const passwords = new Set(
    definitions.filter(d => d.type === 'password').map(d => d.name),
  );
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parameters)) {
    masked[name] =
      passwords.has(name) || SECRET_LOOKING_NAME.test(name)
        ? MASKED_VALUE
        : value;
  }
  return masked;
}
