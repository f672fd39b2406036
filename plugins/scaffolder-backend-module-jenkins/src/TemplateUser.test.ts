import { mockCredentials } from '@backstage/backend-test-utils';
import { templateUserCredentials } from './TemplateUser';

const ID = 'jenkins:build:run';

describe('templateUserCredentials', () => {
  it("gives the author's own user credentials", async () => {
    const alice = mockCredentials.user('user:default/alice');
    await expect(
      templateUserCredentials(
        {
          getInitiatorCredentials: async () => alice,
          user: { ref: 'user:default/alice' },
        },
        ID,
      ),
    ).resolves.toBe(alice);
  });

  it('refuses a task without user credentials instead of acting as a service', async () => {
    for (const credentials of [
      mockCredentials.none(),
      mockCredentials.service('plugin:scaffolder'),
    ]) {
      await expect(
        templateUserCredentials(
          { getInitiatorCredentials: async () => credentials },
          ID,
        ),
      ).rejects.toThrow(
        'jenkins:build:run runs Jenkins as the person who started the template, but this task has no user credentials',
      );
    }
  });

  it('refuses credentials that cannot be read', async () => {
    await expect(
      templateUserCredentials(
        {
          getInitiatorCredentials: async () => {
            throw new Error('no secrets');
          },
        },
        ID,
      ),
    ).rejects.toThrow("the task's credentials could not be read");
  });

  it('refuses a retry by someone else than the author', async () => {
    await expect(
      templateUserCredentials(
        {
          getInitiatorCredentials: async () =>
            mockCredentials.user('user:default/bob'),
          user: { ref: 'user:default/alice' },
        },
        ID,
      ),
    ).rejects.toThrow(
      'this task was started by user:default/alice and retried by user:default/bob',
    );
  });

  it('refuses a sign-in that has expired', async () => {
    const expired = {
      ...JSON.parse(JSON.stringify(mockCredentials.user('user:default/alice'))),
      expiresAt: '2020-01-01T00:00:00.000Z',
    };
    await expect(
      templateUserCredentials(
        { getInitiatorCredentials: async () => expired },
        ID,
      ),
    ).rejects.toThrow('expired at 2020-01-01T00:00:00.000Z');
  });
});
