/*
 * Judges the Jest and Playwright JSON reports for scripts/run-tests.js. Each
 * check returns { passed, failed, skipped, flaky, problems }, where every
 * entry of `problems` is one sentence and counts as one more failed item.
 */

// TestDatabases/TestCaches name their cases after the id (POSTGRES_15,
// "REDIS_7") and silently leave out the ids they have no connection for.
const SERVICE_TESTS = {
  postgres: { label: 'PostgreSQL', pattern: /\bPOSTGRES_\d+/ },
  redis: { label: 'Redis', pattern: /\bREDIS_\d+/ },
};
const FLOOR_FILE = 'scripts/test-floor.json';
const ALLOWLIST_FILE = 'e2e/flaky-allowlist.json';

function checkFloor(kind, ran, floor) {
  return ran >= floor
    ? []
    : [
        `only ${ran} ${kind} tests ran, fewer than the floor of ${floor} (${FLOOR_FILE})`,
      ];
}

/** The PostgreSQL or Redis tests must have passed, not been left out or skipped. */
function checkServiceTests(tests, service, floor) {
  const { label, pattern } = SERVICE_TESTS[service];
  const named = tests.filter(t => pattern.test(t.fullName));
  const passed = named.filter(t => t.status === 'passed').length;
  const skipped = named.filter(t =>
    ['pending', 'todo', 'skipped'].includes(t.status),
  ).length;
  if (passed >= floor && skipped === 0) return [];
  return [
    `${passed} ${label} tests passed and ${skipped} were skipped; at least ` +
      `${floor} must pass and none may be skipped (${FLOOR_FILE})`,
  ];
}

/**
 * `missing` lists the services (postgres, redis) that were not reachable:
 * their tests are not expected, and their share of the floor is waived.
 */
function checkJest(report, exitStatus, { floor, missing }) {
  if (!report) {
    return {
      passed: 0,
      failed: 0,
      skipped: 0,
      flaky: 0,
      problems: [`Jest wrote no report (exit ${exitStatus})`],
    };
  }
  const tests = report.testResults.flatMap(suite => suite.assertionResults);
  // A suite that fails to load has no failed tests but must still fail.
  const failed =
    report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  const problems = [];
  if (exitStatus !== 0 && failed === 0) {
    problems.push(`Jest exited with ${exitStatus} but reported no failure`);
  }
  let jestFloor = floor.jest;
  for (const service of Object.keys(SERVICE_TESTS)) {
    if (missing.includes(service)) jestFloor -= floor[service];
    else problems.push(...checkServiceTests(tests, service, floor[service]));
  }
  problems.push(
    ...checkFloor(
      'Jest',
      report.numPassedTests + report.numFailedTests,
      jestFloor,
    ),
  );
  return {
    passed: report.numPassedTests,
    failed,
    skipped: report.numPendingTests + (report.numTodoTests ?? 0),
    flaky: tests.filter(t => t.status === 'passed' && t.invocations > 1).length,
    problems,
  };
}

/** Problems with the allowlist itself: an array of { title, reason }. */
function checkAllowlist(allowlist) {
  if (!Array.isArray(allowlist))
    return [`${ALLOWLIST_FILE} must be a JSON array`];
  return allowlist
    .filter(
      e => !e || typeof e.title !== 'string' || !`${e.reason ?? ''}`.trim(),
    )
    .map(
      e =>
        `${ALLOWLIST_FILE}: entry ${JSON.stringify(
          e,
        )} needs a title and a reason`,
    );
}

function e2eTests(suites, parents = []) {
  return (suites ?? []).flatMap(suite => {
    const titles = [...parents, suite.title].filter(Boolean);
    return [
      ...suite.specs.flatMap(spec =>
        spec.tests.map(test => ({
          title: spec.title,
          fullTitle: [...titles, spec.title].join(' › '),
          status: test.status,
        })),
      ),
      ...e2eTests(suite.suites, titles),
    ];
  });
}

/** What each Playwright run is called in messages, by its floor key. */
const E2E_RUNS = {
  e2e: 'browser',
  e2eWatcher: 'browser (watcher: webhook off)',
};

/**
 * A browser test that passed only on a retry (`flaky`) is a failure unless
 * the allowlist names it — by its title or its full `file › … › title`.
 * `run` names the Playwright run and its floor (`e2e`, `e2eWatcher`).
 */
function checkE2e(report, exitStatus, { floor, allowlist, run = 'e2e' }) {
  const kind = E2E_RUNS[run] ?? run;
  if (!report || !report.stats) {
    return {
      passed: 0,
      failed: 0,
      skipped: 0,
      flaky: 0,
      problems: [`Playwright (${kind}) wrote no report (exit ${exitStatus})`],
    };
  }
  const { expected, unexpected, skipped } = report.stats;
  const listed = test =>
    allowlist.some(
      e => e && (e.title === test.title || e.title === test.fullTitle),
    );
  const flaky = e2eTests(report.suites).filter(t => t.status === 'flaky');
  const unlisted = flaky.filter(t => !listed(t));
  const problems = unlisted.map(
    t =>
      `flaky ${kind} test (passed only on retry): ${t.fullTitle}; fix it, or list it with a reason in ${ALLOWLIST_FILE}`,
  );
  if (exitStatus !== 0 && unexpected === 0) {
    problems.push(
      `Playwright (${kind}) exited with ${exitStatus} but reported no failure`,
    );
  }
  problems.push(
    ...checkFloor(kind, expected + unexpected + flaky.length, floor[run] ?? 0),
  );
  return {
    passed: expected + flaky.length - unlisted.length,
    failed: unexpected, // each unlisted flaky test is one of `problems`
    skipped,
    flaky: flaky.length,
    problems,
  };
}

/** The results of several runs as one. */
function sumResults(results) {
  return results.reduce(
    (sum, r) => ({
      passed: sum.passed + r.passed,
      failed: sum.failed + r.failed,
      skipped: sum.skipped + r.skipped,
      flaky: sum.flaky + r.flaky,
      problems: [...sum.problems, ...r.problems],
    }),
    { passed: 0, failed: 0, skipped: 0, flaky: 0, problems: [] },
  );
}

module.exports = {
  checkJest,
  checkE2e,
  sumResults,
  checkAllowlist,
  FLOOR_FILE,
  ALLOWLIST_FILE,
};
