import { allNodes, LayoutNode, layoutOf } from './PipelineGraph';
import type { Build } from './types';

/**
 * Where a junit suite was recorded in a Pipeline run, as the junit plugin
 * stores it per suite (`JUnitResultsStepExecution`: `PipelineTestDetails`):
 * the recording step's flow-node id, and the enclosing stages and parallel
 * branches, innermost first, with their names. The simulator models a
 * Declarative parallel stage as one branch node, so its name appears once,
 * as `getEnclosingBlockNames` reports it.
 */
export interface SuiteLocation {
  nodeId: string;
  enclosingBlocks: string[];
  enclosingBlockNames: string[];
}

const JUNIT_STEP = 'Archive JUnit-formatted test results';

function isFailing(node: LayoutNode | undefined): boolean {
  return node?.result === 'FAILURE' || node?.result === 'UNSTABLE';
}

/**
 * The step that recorded a suite of the run, or undefined for a freestyle
 * run (junit's `nodeId` is null there). It is always a junit step: a suite
 * with failures belongs to one in a failing stage or branch (typically its
 * `post { always { junit … } }`), any other to the run's first one; without
 * any, a flat test stage's one step stands for its body.
 */
export function suiteLocation(
  build: Build,
  failing: boolean,
): SuiteLocation | undefined {
  if (build.job.kind !== 'pipeline') return undefined;
  const nodes = allNodes(layoutOf(build.stages));
  const byId = new Map(nodes.map(n => [n.id, n]));
  const ancestors = (node: LayoutNode): LayoutNode[] => {
    const out: LayoutNode[] = [];
    for (let id = node.parentId; id !== undefined; ) {
      const parent = byId.get(id);
      if (!parent) break;
      out.push(parent);
      id = parent.parentId;
    }
    return out;
  };
  const steps = nodes.filter(n => n.kind === 'step');
  const junitSteps = steps.filter(n => n.displayName === JUNIT_STEP);
  const inTests = (n: LayoutNode) =>
    ancestors(n).some(a => /test/i.test(a.name));
  // A flat stage (no explicit steps) is one step in the simulator, which
  // stands for its whole body, junit call included.
  const flatTestStep = steps.find(
    n =>
      inTests(n) &&
      byId.get(n.parentId!)?.steps.length === 1 &&
      byId.get(n.parentId!)?.children.length === 0,
  );
  const recorder =
    (failing ? junitSteps.find(n => isFailing(ancestors(n)[0])) : undefined) ??
    junitSteps[0] ??
    flatTestStep;
  if (!recorder) return undefined;
  const blocks = ancestors(recorder);
  return {
    nodeId: recorder.id,
    enclosingBlocks: blocks.map(b => b.id),
    enclosingBlockNames: blocks.map(b => b.name),
  };
}
