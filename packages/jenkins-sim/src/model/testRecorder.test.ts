import { suiteLocation } from './testRecorder';
import type { Build } from './types';

describe('suiteLocation', () => {
  // junit JUnitResultArchiver#perform (freestyle): no PipelineTestDetails, so
  // SuiteResult#getNodeId is null and getEnclosingBlocks empty.
  it('has no location for a freestyle run', () => {
    const build = {
      job: { kind: 'freestyle' },
      stages: [],
    } as unknown as Build;
    expect(suiteLocation(build, true)).toBeUndefined();
    expect(suiteLocation(build, false)).toBeUndefined();
  });
});
