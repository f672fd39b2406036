import os from 'node:os';
import path from 'node:path';
import { backendUrl, idpUrl, simUrl } from './stack';

const endpoints = [
  `${idpUrl}/.well-known/openid-configuration`,
  `${simUrl}/api/json`,
  `${backendUrl}/api/jenkins/health`,
];

async function ready(url: string) {
  try {
    const response = await fetch(url);
    // The simulator answers 403 to anonymous callers: up is what matters.
    return response.status < 500 && response.status !== 404;
  } catch {
    return false;
  }
}

/**
 * Playwright's webServer waits for the frontend; this waits for the rest of
 * the stack (IdP, simulator, backend) to answer.
 */
export default async function globalSetup() {
  const deadline = Date.now() + 300_000;
  for (const url of endpoints) {
    while (!(await ready(url))) {
      if (Date.now() > deadline) {
        const log =
          process.env.E2E_STACK_LOG ??
          path.join(os.tmpdir(), 'backstage-jenkins-e2e-stack.log');
        throw new Error(`The stack did not come up: ${url} (see ${log})`);
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }
}
