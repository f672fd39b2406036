import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { encodeJobId } from '@internal/plugin-jenkins-common';
import { act, renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import { entityRef } from '../testing/jenkinsFixtures';
import { fakeSignalApi } from '../testing/fakeSignalApi';
import {
  LiveUpdatesOptions,
  signalConcernsJob,
  useJenkinsLiveUpdates,
} from './useJenkinsLiveUpdates';

const CHANNEL = 'jenkins:component:default/payments-service';
const SERVICE = encodeJobId('default', 'payments/payments-service');
const MULTIBRANCH = encodeJobId('default', 'payments/payments-service-mb');
const MAIN = encodeJobId('default', 'payments/payments-service-mb/main');

function signal(jobId: string, buildNumber = 43, phase = 'STARTED') {
  return { type: 'build', jobId, buildNumber, phase };
}

function render(
  options: Omit<LiveUpdatesOptions, 'refresh'>,
  signals = fakeSignalApi(),
) {
  const refresh = jest.fn();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[signalApiRef, signals]]}>
      {children}
    </TestApiProvider>
  );
  const hook = renderHook(
    () => useJenkinsLiveUpdates(entityRef, { ...options, refresh }),
    { wrapper },
  );
  return { refresh, signals, hook };
}

describe('useJenkinsLiveUpdates', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("subscribes to the entity's channel and says signals are available", () => {
    const { signals, hook } = render({ live: false });
    expect(signals.channels()).toEqual([CHANNEL]);
    expect(hook.result.current).toBe(true);
    hook.unmount();
    expect(signals.channels()).toEqual([]);
  });

  it("reads again on a signal for the view's job, not for another job", () => {
    const { refresh, signals } = render({ jobId: SERVICE, live: false });
    act(() => signals.send(CHANNEL, signal(MULTIBRANCH)));
    expect(refresh).not.toHaveBeenCalled();
    act(() => signals.send(CHANNEL, signal(SERVICE)));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('reads every job of the entity again when the view shows them all', () => {
    const { refresh, signals } = render({ live: false });
    act(() => signals.send(CHANNEL, signal(SERVICE)));
    act(() => signals.send(CHANNEL, signal(MAIN)));
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('reads a build view again only for its own build', () => {
    const { refresh, signals } = render({
      jobId: SERVICE,
      buildNumber: 42,
      live: false,
    });
    act(() => signals.send(CHANNEL, signal(SERVICE, 43)));
    expect(refresh).not.toHaveBeenCalled();
    act(() => signals.send(CHANNEL, signal(SERVICE, 42, 'COMPLETED')));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('ignores messages that are not build signals', () => {
    const { refresh, signals } = render({ live: false });
    act(() => signals.send(CHANNEL, { type: 'build', jobId: SERVICE }));
    act(() => signals.send(CHANNEL, { hello: 'world' }));
    expect(refresh).not.toHaveBeenCalled();
  });

  it('does not poll while something is live when signals are available', () => {
    const { refresh } = render({ jobId: SERVICE, live: true });
    act(() => jest.advanceTimersByTime(120000));
    expect(refresh).not.toHaveBeenCalled();
  });

  it('polls a running build view anyway, for stages and inputs that send no event', () => {
    const { refresh } = render({
      jobId: SERVICE,
      buildNumber: 42,
      live: true,
      pollWhileLive: true,
    });
    act(() => jest.advanceTimersByTime(3000));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('polls while something is live when signals are not available', () => {
    const refresh = jest.fn();
    const { result } = renderHook(() =>
      useJenkinsLiveUpdates(entityRef, { live: true, refresh }),
    );
    expect(result.current).toBe(false);
    act(() => jest.advanceTimersByTime(3000));
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});

describe('signalConcernsJob', () => {
  it('relates a multibranch job and its branches, both ways', () => {
    expect(signalConcernsJob(MAIN, MULTIBRANCH)).toBe(true);
    expect(signalConcernsJob(MULTIBRANCH, MAIN)).toBe(true);
  });

  it('keeps jobs whose names only share a prefix apart', () => {
    expect(signalConcernsJob(MULTIBRANCH, SERVICE)).toBe(false);
    expect(
      signalConcernsJob(
        encodeJobId('other', 'payments/payments-service'),
        SERVICE,
      ),
    ).toBe(false);
  });
});
