import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { ConfiguredSignInPage } from './ConfiguredSignInPage';
import { oidcAuthApiRef } from './oidcAuthApi';

// Without a stored session, the page only asks the provider for an optional
// identity and gets none.
const oidcAuthApi = {
  getBackstageIdentity: jest.fn(async () => undefined),
  getProfile: jest.fn(async () => undefined),
  signIn: jest.fn(),
  signOut: jest.fn(),
  sessionState$: jest.fn(),
  getIdToken: jest.fn(),
};

function render(providers: Record<string, object>) {
  return renderInTestApp(<ConfiguredSignInPage onSignInSuccess={jest.fn()} />, {
    config: {
      app: { title: 'Test', baseUrl: 'http://localhost:3000' },
      backend: { baseUrl: 'http://localhost:7007' },
      auth: { providers },
    },
    apis: [[oidcAuthApiRef, oidcAuthApi]],
  });
}

describe('ConfiguredSignInPage', () => {
  it('offers guest sign-in when no OIDC provider is configured', async () => {
    await render({ guest: {} });
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.queryByText('OpenID Connect')).not.toBeInTheDocument();
  });

  it('offers OpenID Connect instead of guest when it is configured', async () => {
    await render({ guest: {}, oidc: {} });
    expect(await screen.findByText('OpenID Connect')).toBeInTheDocument();
    expect(
      screen.getByText('Sign in with your organisation account'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });
});
