import { ReplayInfo } from '@internal/plugin-jenkins-common';
import { replayRequest } from './ReplayDialog';

const info: ReplayInfo = {
  main: 'pipeline { }',
  loaded: { Script1: 'def a = 1', Script2: 'def b = 2' },
  sha256: 'a'.repeat(64),
  canReplay: { allowed: true },
  canEditScript: { allowed: true },
};

describe('replayRequest', () => {
  it('sends no script when nothing was edited, so the backend reruns', () => {
    expect(replayRequest(info, {})).toEqual({});
    // Edited back to the original: still a rerun.
    expect(
      replayRequest(info, { main: 'pipeline { }', Script1: 'def a = 1' }),
    ).toEqual({});
  });

  it('sends the main script and only the loaded scripts that changed', () => {
    expect(replayRequest(info, { Script2: 'def b = 3' })).toEqual({
      script: { main: 'pipeline { }', loaded: { Script2: 'def b = 3' } },
    });
    expect(replayRequest(info, { main: 'pipeline { agent any }' })).toEqual({
      script: { main: 'pipeline { agent any }' },
    });
  });

  it('reruns only when Jenkins showed no script', () => {
    expect(replayRequest({ ...info, main: null }, { main: 'x' })).toEqual({});
  });
});
