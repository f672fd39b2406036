import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  SignalPayload,
  SignalsService,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';

/** A signal the backend published. Test support only. */
export type RecordedSignal = SignalPayload;

/** A signals service that appends every published signal to `signals`. */
export function recordingSignals(signals: RecordedSignal[]): SignalsService {
  return {
    async publish(signal) {
      signals.push(signal);
    },
  };
}

/** The recording signals service as a backend service factory. */
export function recordingSignalsFactory(signals: RecordedSignal[]) {
  return createServiceFactory({
    service: signalsServiceRef,
    deps: {},
    factory: () => recordingSignals(signals),
  });
}
