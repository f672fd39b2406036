import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('shows the sign-in page, with its title and guest sign-in, to a visitor', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    // Nobody is signed in and no OIDC provider is configured: the app's
    // sign-in page, headed with the configured title, offers guest sign-in.
    expect(
      await screen.findByRole(
        'heading',
        { level: 1, name: 'Test' },
        // The sign-in page is loaded lazily.
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Guest')).toBeInTheDocument();
    expect(screen.getByText(/Enter as a Guest User/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    expect(screen.queryByText('OpenID Connect')).not.toBeInTheDocument();
  });
});
