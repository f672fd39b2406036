import { Bean, BeanType } from '../../export/exportModel';
import { SuiteLocation, suiteLocation } from '../../model/testRecorder';
import type { Build } from '../../model/types';

interface CaseView {
  className: string;
  name: string;
  status: 'PASSED' | 'FAILED' | 'SKIPPED';
  errorDetails: string | null;
  failedSince: number;
}

const caseType = new BeanType<CaseView, unknown>(
  'hudson.tasks.junit.CaseResult',
  [
    { name: 'testActions', visibility: 9, get: () => [] },
    { name: 'age', visibility: 9, get: c => (c.status === 'FAILED' ? 1 : 0) },
    { name: 'className', visibility: 9, get: c => c.className },
    { name: 'duration', visibility: 9, get: () => 0.012 },
    { name: 'errorDetails', visibility: 9, get: c => c.errorDetails },
    {
      name: 'errorStackTrace',
      visibility: 9,
      get: c =>
        c.errorDetails
          ? `java.lang.AssertionError: ${c.errorDetails}\n\tat ${c.className}.${
              c.name
            }(${c.className.split('.').pop()}.java:42)`
          : null,
    },
    { name: 'failedSince', visibility: 9, get: c => c.failedSince },
    { name: 'name', visibility: 9, get: c => c.name },
    { name: 'skipped', visibility: 9, get: c => c.status === 'SKIPPED' },
    { name: 'skippedMessage', visibility: 9, get: () => null },
    { name: 'status', visibility: 9, get: c => c.status },
    { name: 'stderr', visibility: 9, get: () => null },
    { name: 'stdout', visibility: 9, get: () => null },
  ],
);

interface SuiteView {
  name: string;
  cases: CaseView[];
  timestamp: string;
  /** Where a Pipeline run recorded it; undefined for a freestyle run. */
  location?: SuiteLocation;
}

const suiteType = new BeanType<SuiteView, unknown>(
  'hudson.tasks.junit.SuiteResult',
  [
    {
      name: 'cases',
      visibility: 9,
      get: s => s.cases.map(c => new Bean(caseType, c)),
    },
    {
      name: 'duration',
      visibility: 9,
      get: s => Number((s.cases.length * 0.012).toFixed(3)),
    },
    {
      name: 'enclosingBlockNames',
      visibility: 9,
      get: s => s.location?.enclosingBlockNames ?? [],
    },
    {
      name: 'enclosingBlocks',
      visibility: 9,
      get: s => s.location?.enclosingBlocks ?? [],
    },
    { name: 'id', visibility: 9, get: () => null },
    { name: 'name', visibility: 9, get: s => s.name },
    { name: 'nodeId', visibility: 9, get: s => s.location?.nodeId ?? null },
    { name: 'stderr', visibility: 9, get: () => null },
    { name: 'stdout', visibility: 9, get: () => null },
    { name: 'timestamp', visibility: 9, get: s => s.timestamp },
  ],
);

interface ReportView {
  build: Build;
  suites: SuiteView[];
}

const reportType = new BeanType<ReportView, unknown>(
  'hudson.tasks.junit.TestResult',
  [
    { name: 'testActions', visibility: 1, get: () => [] },
    {
      name: 'duration',
      visibility: 1,
      get: r => Number((r.build.tests!.total * 0.012).toFixed(3)),
    },
    { name: 'empty', visibility: 1, get: r => r.build.tests!.total === 0 },
    {
      name: 'failCount',
      visibility: 1,
      get: r => r.build.tests!.failed.length,
    },
    {
      name: 'passCount',
      visibility: 1,
      get: r =>
        r.build.tests!.total -
        r.build.tests!.failed.length -
        r.build.tests!.skip,
    },
    { name: 'skipCount', visibility: 1, get: r => r.build.tests!.skip },
    {
      name: 'suites',
      visibility: 9,
      get: r => r.suites.map(s => new Bean(suiteType, s)),
    },
  ],
);

/** The `testReport` bean of a finished build with junit results. */
export function testReportBean(build: Build): Bean | undefined {
  const tests = build.tests;
  if (!tests || build.result === null) return undefined;
  const timestamp = new Date(build.startTime).toISOString().slice(0, 19);
  const suites = new Map<string, SuiteView>();
  const failing = new Set(tests.failed.map(f => f.className));
  const suiteOf = (name: string) => {
    let s = suites.get(name);
    if (!s) {
      const location = suiteLocation(build, failing.has(name));
      s = { name, cases: [], timestamp, location };
      suites.set(name, s);
    }
    return s;
  };
  for (const f of tests.failed) {
    suiteOf(f.className).cases.push({
      className: f.className,
      name: f.name,
      status: 'FAILED',
      errorDetails: f.errorDetails,
      failedSince: build.number,
    });
  }
  const passing = tests.total - tests.failed.length;
  for (let i = 0; i < passing; i++) {
    suiteOf(tests.suite).cases.push({
      className: tests.suite,
      name:
        i < tests.skip
          ? `skippedCase${i + 1}`
          : `testCase${String(i + 1).padStart(3, '0')}`,
      status: i < tests.skip ? 'SKIPPED' : 'PASSED',
      errorDetails: null,
      failedSince: 0,
    });
  }
  return new Bean(reportType, { build, suites: [...suites.values()] });
}
