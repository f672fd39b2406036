import { BuildResult } from '@internal/plugin-jenkins-common';
import { BuildOutcome, BuildWaitTimeoutError } from '../BuildWaiter';
import { JenkinsPluginError } from '../JenkinsPluginClient';
import { Zod } from './jobTargetInput';

/** The longest wait an action accepts: one hour. */
export const MAX_TIMEOUT_SECONDS = 3600;
/** The wait when a template names none: 15 minutes. */
export const DEFAULT_TIMEOUT_SECONDS = 900;

/** Results that fail the step unless `failOnBuildFailure` is false. */
const FAILED: ReadonlySet<BuildResult> = new Set<BuildResult>([
  'FAILURE',
  'ABORTED',
  'NOT_BUILT',
]);

/** Input fields of a bounded wait for a result. */
export const waitFields = {
  timeoutSeconds: (z: Zod) =>
    z
      .number()
      .int()
      .min(1)
      .max(MAX_TIMEOUT_SECONDS)
      .optional()
      .describe(
        `How long to wait for the build to finish, in seconds (1–${MAX_TIMEOUT_SECONDS}); default ${DEFAULT_TIMEOUT_SECONDS}. The step fails when it runs out; the build goes on in Jenkins.`,
      ),
  failOnBuildFailure: (z: Zod) =>
    z
      .boolean()
      .optional()
      .describe(
        'Fail the step when the build ends FAILURE, ABORTED or NOT_BUILT (default true); false lets the template go on and read the result output',
      ),
};

/** Output fields of the build actions. */
export const buildOutputFields = {
  queueId: (z: Zod) =>
    z.number().optional().describe('The Jenkins queue item id'),
  buildNumber: (z: Zod) =>
    z.number().optional().describe('The build number, once it started'),
  buildUrl: (z: Zod) =>
    z.string().optional().describe('The build page in Jenkins'),
  result: (z: Zod) =>
    z
      .enum(['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED'])
      .optional()
      .describe("Jenkins' result of the finished build"),
};

/** Milliseconds of a validated `timeoutSeconds`. */
export function timeoutMsOf(timeoutSeconds: number | undefined): number {
  return (timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
}

/** Throws when the outcome is a failure the step should fail on. */
export function failOnFailure(
  outcome: BuildOutcome,
  jobName: string,
  failOnBuildFailure: boolean | undefined,
): void {
  if (
    outcome.result &&
    FAILED.has(outcome.result) &&
    failOnBuildFailure !== false
  ) {
    const build =
      outcome.buildNumber !== undefined
        ? `${jobName} #${outcome.buildNumber}`
        : `${jobName} (queue item ${outcome.queueId})`;
    throw new Error(
      `${build} ended ${outcome.result}${
        outcome.buildUrl ? `: ${outcome.buildUrl}` : ''
      } (set failOnBuildFailure: false to go on anyway)`,
    );
  }
}

/** An error of the Jenkins plugin's API, naming what was asked and for whom. */
export function refusal(error: unknown, what: string, userRef: string): Error {
  if (error instanceof JenkinsPluginError) {
    return new Error(
      `Jenkins did not ${what} for ${userRef} (${error.status}): ${error.message}`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Sets the outputs a wait learnt, also when it ran out of time. */
export async function waitAndOutput(
  ctx: { output(name: keyof BuildOutcome, value: any): void },
  wait: () => Promise<BuildOutcome>,
): Promise<BuildOutcome> {
  const output = (outcome: BuildOutcome) => {
    (Object.keys(outcome) as Array<keyof BuildOutcome>).forEach(name => {
      if (outcome[name] !== undefined) {
        ctx.output(name, outcome[name]);
      }
    });
  };
  try {
    const outcome = await wait();
    output(outcome);
    return outcome;
  } catch (error) {
    if (error instanceof BuildWaitTimeoutError) {
      output(error.outcome);
    }
    throw error;
  }
}
