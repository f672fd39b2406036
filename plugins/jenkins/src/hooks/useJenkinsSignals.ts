import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  jenkinsBuildSignalSchema,
  jenkinsEntityChannel,
  JenkinsBuildSignal,
} from '@internal/plugin-jenkins-common';
import { useEffect, useRef } from 'react';

/**
 * Calls `onSignal` for every build signal the backend sends on the entity's
 * channel, and tells whether signals are available in this app at all (the
 * signals plugin installed); where they are not, views poll instead.
 *
 * This subscribes through the signal API rather than `useSignal`, which
 * keeps only the last message in state: two signals arriving before a render
 * (two jobs of the entity moving together) would be seen as one.
 */
export function useJenkinsSignals(
  entityRef: CompoundEntityRef,
  onSignal: (signal: JenkinsBuildSignal) => void,
): boolean {
  const signals = useApiHolder().get(signalApiRef);
  const onSignalRef = useRef(onSignal);
  onSignalRef.current = onSignal;
  const channel = jenkinsEntityChannel(stringifyEntityRef(entityRef));

  useEffect(() => {
    if (!signals) {
      return undefined;
    }
    const { unsubscribe } = signals.subscribe(channel, message => {
      // Anyone may publish on a channel; only well-formed build signals count.
      const parsed = jenkinsBuildSignalSchema.safeParse(message);
      if (parsed.success) {
        onSignalRef.current(parsed.data);
      }
    });
    return unsubscribe;
  }, [signals, channel]);

  return Boolean(signals);
}
