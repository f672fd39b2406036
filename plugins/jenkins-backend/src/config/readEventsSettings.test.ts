import { ConfigReader } from '@backstage/config';
import { readEventsSettings } from './readEventsSettings';

const read = (events: object | undefined, sharedReads = false) =>
  readEventsSettings(
    'default',
    events ? new ConfigReader(events) : undefined,
    sharedReads,
  );

describe('readEventsSettings', () => {
  it('has the webhook and the watcher off by default', () => {
    expect(read(undefined)).toEqual({ webhookSecret: undefined });
  });

  it('turns the watcher on with poll settings and applies defaults', () => {
    expect(read({ poll: { runAs: { user: 'watcher' } } })).toEqual({
      webhookSecret: undefined,
      poll: {
        frequency: { seconds: 30 },
        maxRequestsPerMinute: 60,
        runAs: { user: 'watcher', groups: [] },
      },
    });
    expect(
      read(
        { poll: { frequency: { minutes: 2 }, maxRequestsPerMinute: 5 } },
        true,
      ).poll,
    ).toEqual({ frequency: { minutes: 2 }, maxRequestsPerMinute: 5 });
  });

  it('leaves the watcher off beside a webhook secret unless enabled', () => {
    const poll = { runAs: { user: 'watcher' } };
    expect(read({ webhookSecret: 's', poll }).poll).toBeUndefined();
    expect(
      read({ webhookSecret: 's', poll: { ...poll, enabled: true } }).poll,
    ).toBeDefined();
  });

  it('refuses a watcher with nobody to read as, or a bad bound', () => {
    expect(() => read({ poll: {} })).toThrow(/events.poll.runAs.user/);
    expect(() => read({ poll: { maxRequestsPerMinute: 0 } }, true)).toThrow(
      /maxRequestsPerMinute/,
    );
  });
});
