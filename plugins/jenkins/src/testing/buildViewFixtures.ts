import { GraphStage, StageSteps } from '@internal/plugin-jenkins-common';

/** A graph node with everything but what a test cares about filled in. */
export function graphStage(
  overrides: Partial<GraphStage> & Pick<GraphStage, 'id' | 'name'>,
): GraphStage {
  return {
    type: 'stage',
    state: 'success',
    startedAt: 1,
    durationMs: 4000,
    pauseDurationMs: 0,
    agent: null,
    waitingReason: null,
    error: null,
    children: [],
    ...overrides,
  };
}

/**
 * The demo's failed payments-service main build as Pipeline Graph View
 * shows it: Test runs `unit`, `integration` and `contract` in parallel and
 * `contract` fails, so Package is skipped.
 */
export const failedPaymentsGraph: GraphStage[] = [
  graphStage({ id: '6', name: 'Checkout' }),
  graphStage({ id: '12', name: 'Build', durationMs: 62000 }),
  graphStage({
    id: '20',
    name: 'Test',
    state: 'failure',
    children: [
      graphStage({ id: '24', name: 'unit', type: 'parallel', agent: 'linux' }),
      graphStage({
        id: '25',
        name: 'integration',
        type: 'parallel',
        agent: 'linux',
      }),
      graphStage({
        id: '26',
        name: 'contract',
        type: 'parallel',
        state: 'failure',
        agent: 'linux',
        error: 'script returned exit code 1',
      }),
    ],
  }),
  graphStage({ id: '40', name: 'Package', state: 'skipped', durationMs: 0 }),
];

/** The steps of the failing `contract` branch. */
export const contractSteps: StageSteps = {
  source: 'pipeline-graph-view',
  stageId: '26',
  complete: true,
  steps: [
    {
      id: '30',
      name: 'Shell Script',
      title: './gradlew contractTest',
      state: 'failure',
      startedAt: 1,
      durationMs: 9000,
      input: null,
    },
    {
      id: '31',
      name: 'Archive JUnit-formatted test results',
      title: '',
      state: 'success',
      startedAt: 2,
      durationMs: 300,
      input: null,
    },
  ],
};
