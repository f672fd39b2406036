import { rawTestReportSchema } from '../jenkins/JenkinsJson';
import { failedTestsOf } from './TestReportMapper';

const failedCase = {
  className: 'com.example.payments.PaymentContractTest',
  name: 'refundMatchesLedgerContract',
  status: 'FAILED',
  errorDetails: 'expected: <200> but was: <422>',
};

describe('failedTestsOf', () => {
  // junit JUnitResultsStepExecution#getEnclosingStagesAndParallels: for a
  // Declarative parallel stage, the inner stage node, then its parallel
  // branch node, then the enclosing stage, innermost first.
  it('keeps where a Pipeline run recorded each failed test', () => {
    const report = rawTestReportSchema.parse({
      suites: [
        {
          nodeId: '33',
          enclosingBlocks: ['31', '28', '24'],
          enclosingBlockNames: ['contract', 'Test'],
          cases: [failedCase, { ...failedCase, name: 'ok', status: 'PASSED' }],
        },
      ],
    });
    expect(failedTestsOf(report, true)).toEqual([
      {
        name: 'refundMatchesLedgerContract',
        className: 'com.example.payments.PaymentContractTest',
        errorDetails: 'expected: <200> but was: <422>',
        stageIds: ['31', '28', '24'],
        stepId: '33',
      },
    ]);
  });

  // junit JUnitResultArchiver#perform (freestyle): no PipelineTestDetails.
  it('has no location for a freestyle report', () => {
    const report = rawTestReportSchema.parse({
      suites: [{ nodeId: null, enclosingBlocks: [], cases: [failedCase] }],
    });
    expect(failedTestsOf(report, false)).toEqual([
      expect.objectContaining({
        stageIds: [],
        stepId: null,
        errorDetails: null,
      }),
    ]);
  });

  it('drops odd or unbounded locations instead of failing the report', () => {
    const report = rawTestReportSchema.parse({
      suites: [
        {
          nodeId: { not: 'an id' },
          enclosingBlocks: [null, 7],
          cases: [failedCase],
        },
        {
          nodeId: '../../script',
          enclosingBlocks: ['12', 'x'.repeat(40), ...Array(20).fill('9')],
          cases: [failedCase],
        },
      ],
    });
    const [first, second] = failedTestsOf(report, true);
    expect(first).toMatchObject({ stageIds: [], stepId: null });
    expect(second.stepId).toBeNull();
    expect(second.stageIds).toEqual(['12', '9', '9', '9', '9', '9', '9']);
  });
});
