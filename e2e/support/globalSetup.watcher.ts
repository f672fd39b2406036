import globalSetup from './globalSetup';
import { backendUrl } from './stack';

/**
 * The stack is up (see ./globalSetup), and its default instance's webhook is
 * off, so build events can only come from the watcher: with the secret the
 * demo's webhooks send, the webhook answers 404 rather than accepting them.
 */
export default async function watcherGlobalSetup() {
  await globalSetup();
  const response = await fetch(
    `${backendUrl}/api/jenkins/v1/instances/default/events`,
    {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(
          'backstage:dev-webhook-secret',
        ).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: '{}',
    },
  );
  if (response.status !== 404) {
    throw new Error(
      `The watcher run needs the webhook of instance 'default' off (404), but it answered ${response.status}: is this the watcher's stack (playwright.watcher.config.ts), or a reused one?`,
    );
  }
}
