import { FailedTest } from '@internal/plugin-jenkins-common';
import { RawTestReport } from '../jenkins/JenkinsJson';

/** Failed test names reported per build, at most. */
const MAX_FAILED_TESTS = 50;

/**
 * The failed cases of a test report. A case's `errorDetails` is what the
 * test printed when it failed, i.e. log text: shown only `withLogText`
 * (`jenkins.build.logs.read`), while names and classes stay visible.
 */
export function failedTestsOf(
  report: RawTestReport | undefined,
  withLogText: boolean,
): FailedTest[] {
  const failed: FailedTest[] = [];
  for (const suite of report?.suites ?? []) {
    for (const testCase of suite.cases ?? []) {
      if (
        (testCase.status === 'FAILED' || testCase.status === 'REGRESSION') &&
        failed.length < MAX_FAILED_TESTS
      ) {
        failed.push({
          name: testCase.name ?? '',
          className: testCase.className ?? '',
          errorDetails: withLogText ? testCase.errorDetails ?? null : null,
        });
      }
    }
  }
  return failed;
}
