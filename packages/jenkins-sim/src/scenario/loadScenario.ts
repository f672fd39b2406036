import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { Scenario, scenarioSchema } from './scenarioSchema';

/** The directory holding the shipped scenarios (`demo`, `large`). */
export const SCENARIO_DIR = path.join(
  path.dirname(require.resolve('@internal/jenkins-sim/package.json')),
  'scenarios',
);

/** Raised when a scenario does not validate; the message names each bad field. */
export class ScenarioValidationError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid scenario:\n  ${issues.join('\n  ')}`);
    this.name = 'ScenarioValidationError';
  }
}

function formatPath(issuePath: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of issuePath) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else {
      out += out ? `.${String(part)}` : String(part);
    }
  }
  return out || '(root)';
}

/** Formats zod issues as `jobs[3].parameters[0].type: Invalid option…`. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map(i => `${formatPath(i.path)}: ${i.message}`);
}

/** Validates an inline scenario object. */
export function validateScenario(input: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    throw new ScenarioValidationError(formatIssues(parsed.error));
  }
  return parsed.data;
}

/**
 * Loads a scenario given as a shipped name (`demo`), a path to a YAML/JSON
 * file, or an inline object.
 */
export function loadScenario(source: string | object): Scenario {
  if (typeof source !== 'string') {
    return validateScenario(source);
  }
  const candidates = [
    path.join(SCENARIO_DIR, `${source}.yaml`),
    path.resolve(source),
  ];
  const file = candidates.find(
    f => fs.existsSync(f) && fs.statSync(f).isFile(),
  );
  if (!file) {
    throw new Error(
      `Unknown scenario '${source}'; expected a name in ${SCENARIO_DIR} or a file path`,
    );
  }
  return validateScenario(parseYaml(fs.readFileSync(file, 'utf8')));
}
