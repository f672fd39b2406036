import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_NOTIFICATION_RULES,
  readNotificationSettings,
} from './readNotificationSettings';

function read(notifications: object) {
  return readNotificationSettings(
    new ConfigReader({ jenkins: { notifications } }),
  );
}

describe('readNotificationSettings', () => {
  it('applies the defaults', () => {
    expect(readNotificationSettings(new ConfigReader({}))).toEqual({
      enabled: true,
      rules: DEFAULT_NOTIFICATION_RULES,
      approvers: [],
      pendingInputs: { checkIntervalSeconds: 15, maxBuilds: 100 },
    });
  });

  it('reads rules, with bare names as groups', () => {
    expect(
      read({
        rules: [
          {
            environment: 'production',
            on: ['started', 'succeeded', 'failed'],
            to: ['owner', 'triggeredBy', 'release-managers'],
          },
        ],
      }).rules,
    ).toEqual([
      {
        environment: 'production',
        defaultBranchOnly: false,
        on: ['started', 'succeeded', 'failed'],
        to: [
          { kind: 'owner' },
          { kind: 'triggeredBy' },
          { kind: 'entity', ref: 'group:default/release-managers' },
        ],
      },
    ]);
  });

  it('refuses an unknown trigger, naming the key', () => {
    expect(() =>
      read({ rules: [{ on: ['exploded'], to: ['owner'] }] }),
    ).toThrow(
      "jenkins.notifications: rules[0].on has 'exploded'; use started, succeeded, recovered, failed, unstable, aborted, input",
    );
  });

  it('refuses a recipient that is no entity ref', () => {
    expect(() => read({ rules: [{ on: ['failed'], to: ['user:'] }] })).toThrow(
      /rules\[0\]\.to has 'user:'/,
    );
  });

  it('refuses a rule without recipients', () => {
    expect(() => read({ rules: [{ on: ['failed'], to: [] }] })).toThrow(
      "rules[0] needs at least one 'on' and one 'to'",
    );
  });

  it('bounds the pending-input check', () => {
    expect(() => read({ pendingInputs: { checkIntervalSeconds: 1 } })).toThrow(
      'checkIntervalSeconds must be a whole number from 5 to 3600',
    );
  });
});
