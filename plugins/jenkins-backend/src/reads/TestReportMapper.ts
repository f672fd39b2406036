import {
  FailedTest,
  flowNodeIdSchema,
  MAX_TEST_ENCLOSING_BLOCKS,
} from '@internal/plugin-jenkins-common';
import { RawTestReport } from '../jenkins/JenkinsJson';

/** A flow node id as the graph routes take it, or null. */
function nodeIdOf(value: string | null | undefined): string | null {
  return flowNodeIdSchema.safeParse(value).success ? value! : null;
}

/** Failed test names reported per build, at most. */
const MAX_FAILED_TESTS = 50;

/**
 * The failed cases of a test report. A case's `errorDetails` is what the
 * test printed when it failed, i.e. log text: shown only `withLogText`
 * (`jenkins.build.logs.read`), while names and classes stay visible. In a
 * Pipeline run each case says where it was recorded: its suite's enclosing
 * stages and branches, innermost first, and the recording step (junit's
 * `enclosingBlocks` and `nodeId`), kept only where they are flow node ids.
 */
export function failedTestsOf(
  report: RawTestReport | undefined,
  withLogText: boolean,
): FailedTest[] {
  const failed: FailedTest[] = [];
  for (const suite of report?.suites ?? []) {
    const stageIds = (suite.enclosingBlocks ?? [])
      .slice(0, MAX_TEST_ENCLOSING_BLOCKS)
      .map(nodeIdOf)
      .filter((id): id is string => id !== null);
    const stepId = nodeIdOf(suite.nodeId);
    for (const testCase of suite.cases ?? []) {
      if (
        (testCase.status === 'FAILED' || testCase.status === 'REGRESSION') &&
        failed.length < MAX_FAILED_TESTS
      ) {
        failed.push({
          name: testCase.name ?? '',
          className: testCase.className ?? '',
          errorDetails: withLogText ? testCase.errorDetails ?? null : null,
          stageIds,
          stepId,
        });
      }
    }
  }
  return failed;
}
