import { mockCredentials } from '@backstage/backend-test-utils';
import { requestVia } from './requestVia';

describe('requestVia', () => {
  it('names a request the scaffolder made on behalf of a user a template step', () => {
    expect(
      requestVia(
        mockCredentials.user('user:default/alice', {
          actor: { subject: 'plugin:scaffolder' },
        }),
      ),
    ).toBe('template');
  });

  it('names a request a person made from the portal http', () => {
    expect(requestVia(mockCredentials.user('user:default/alice'))).toBe('http');
  });

  it('does not take another plugin acting for a user for a template', () => {
    expect(
      requestVia(
        mockCredentials.user('user:default/alice', {
          actor: { subject: 'plugin:catalog' },
        }),
      ),
    ).toBe('http');
  });

  it('does not take the scaffolder acting as itself for a template', () => {
    expect(requestVia(mockCredentials.service('plugin:scaffolder'))).toBe(
      'http',
    );
  });
});
