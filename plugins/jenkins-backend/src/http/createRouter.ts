import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { JenkinsServices } from '../services/createJenkinsServices';
import { createAuditRoutes } from './auditRoutes';
import { createBuildViewRoutes } from './buildViewRoutes';
import { createEventRoutes } from './eventRoutes';
import { createEvidenceRoutes } from './evidenceRoutes';
import { createReadRoutes } from './readRoutes';
import { createWriteRoutes } from './writeRoutes';

/**
 * The plugin's HTTP API under `/api/jenkins`: `/health`, the JWKS, and the
 * read, write and audit routes under `/v1`.
 *
 * @public
 */
export function createRouter(
  options: Pick<
    JenkinsServices,
    'callers' | 'reads' | 'writes' | 'auditReads' | 'idempotency' | 'keys'
  > &
    Partial<
      Pick<
        JenkinsServices,
        'eventWebhook' | 'changeRecords' | 'buildViews' | 'pipelineControls'
      >
    > & {
      httpAuth: HttpAuthService;
    },
): express.Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/.well-known/jwks.json', async (_req, res) => {
    // Short caching: verifiers re-fetch anyway when they meet a new key id.
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.json({ keys: await options.keys.publicKeys() });
  });

  // Before the other routes: the webhook reads its body itself.
  if (options.eventWebhook) {
    router.use(createEventRoutes({ webhook: options.eventWebhook }));
  }
  router.use(createReadRoutes(options));
  if (options.buildViews) {
    router.use(
      createBuildViewRoutes({ ...options, buildViews: options.buildViews }),
    );
  }
  router.use(createWriteRoutes(options));
  router.use(createEvidenceRoutes(options));
  router.use(createAuditRoutes(options));
  // A method or path under /v1 that no route serves: a 404 in the error
  // format of every other answer, not the bare one of the server below.
  router.use('/v1', (req, _res, next) => {
    next(
      new NotFoundError(
        `The Jenkins API has no route for ${req.method} /v1${req.path.slice(
          0,
          200,
        )}`,
      ),
    );
  });
  return router;
}
