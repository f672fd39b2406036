import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  buildNumberSchema,
  entityPathSchema,
  jobIdSchema,
  logQuerySchema,
  pageQuerySchema,
} from '@internal/plugin-jenkins-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { JenkinsContext } from '../services/JenkinsContext';
import { parseRequest } from './parseRequest';

/** Options of {@link createRouter}. @public */
export interface RouterOptions {
  context: JenkinsContext;
  httpAuth: HttpAuthService;
}

const jobPathSchema = entityPathSchema.extend({ jobId: jobIdSchema });
const buildPathSchema = jobPathSchema.extend({ number: buildNumberSchema });

/**
 * The read API under `/api/jenkins/v1` plus `/health` and the JWKS. Speaks
 * HTTP only: validation, credentials, status codes.
 *
 * @public
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { context, httpAuth } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/.well-known/jwks.json', async (_req, res) => {
    // Short caching: verifiers re-fetch anyway when they meet a new key id.
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.json({ keys: await context.keys.publicKeys() });
  });

  const callerOf = async (req: express.Request) =>
    context.callers.callerFor(
      await httpAuth.credentials(req, { allow: ['user', 'service'] }),
      'http',
    );
  const entityRefOf = (path: z.infer<typeof entityPathSchema>) =>
    `${path.kind}:${path.namespace}/${path.name}`;

  router.get('/v1/entities/:kind/:namespace/:name/jobs', async (req, res) => {
    const caller = await callerOf(req);
    const path = parseRequest(entityPathSchema, req.params, 'path');
    parseRequest(z.object({}).strict(), req.query, 'query');
    res.json(await context.reads.listJobs(caller, entityRefOf(path)));
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds',
    async (req, res) => {
      const caller = await callerOf(req);
      const path = parseRequest(jobPathSchema, req.params, 'path');
      const query = parseRequest(pageQuerySchema, req.query, 'query');
      res.json(
        await context.reads.listBuilds(caller, entityRefOf(path), path.jobId, {
          limit: query.limit,
          cursor: query.cursor || undefined,
        }),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number',
    async (req, res) => {
      const caller = await callerOf(req);
      const path = parseRequest(buildPathSchema, req.params, 'path');
      parseRequest(z.object({}).strict(), req.query, 'query');
      res.json(
        await context.reads.getBuild(
          caller,
          entityRefOf(path),
          path.jobId,
          path.number,
        ),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number/log',
    async (req, res) => {
      const caller = await callerOf(req);
      const path = parseRequest(buildPathSchema, req.params, 'path');
      const query = parseRequest(logQuerySchema, req.query, 'query');
      res.json(
        await context.reads.getLog(
          caller,
          entityRefOf(path),
          path.jobId,
          path.number,
          query.start,
        ),
      );
    },
  );

  return router;
}
