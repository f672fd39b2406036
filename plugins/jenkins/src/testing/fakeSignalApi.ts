import { SignalApi } from '@backstage/plugin-signals-react';

/** A signal API whose signals tests send by hand. Test support only. */
export interface FakeSignalApi extends SignalApi {
  /** Delivers `message` to the subscribers of `channel`, as the backend would. */
  send(channel: string, message: unknown): void;
  /** The channels someone is subscribed to now. */
  channels(): string[];
}

export function fakeSignalApi(): FakeSignalApi {
  const subscribers = new Map<string, Set<(message: any) => void>>();
  return {
    subscribe(channel, onMessage) {
      const set = subscribers.get(channel) ?? new Set();
      subscribers.set(channel, set);
      const callback = (message: any) => onMessage(message);
      set.add(callback);
      return {
        unsubscribe() {
          set.delete(callback);
        },
      };
    },
    send(channel, message) {
      subscribers.get(channel)?.forEach(callback => callback(message));
    },
    channels() {
      return [...subscribers.entries()]
        .filter(([, set]) => set.size > 0)
        .map(([channel]) => channel);
    },
  };
}
