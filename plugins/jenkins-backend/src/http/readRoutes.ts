import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  branchQuerySchema,
  entityPathSchema,
  jobsQuerySchema,
  logQuerySchema,
  overviewQuerySchema,
  pageQuerySchema,
} from '@internal/plugin-jenkins-common';
import express from 'express';
import Router from 'express-promise-router';
import { pipeline } from 'node:stream/promises';
import { CallerResolver } from '../identity/CallerResolver';
import { AuthorizedReadService } from '../reads/AuthorizedReadService';
import { ActivityReads, OverviewService } from '../reads/OverviewService';
import { parseRequest } from '../validation/parseRequest';
import { sendConditionalJson } from './conditionalJson';
import {
  buildPathSchema,
  entityRefOf,
  jobPathSchema,
  noQuery,
} from './requestTargets';

/**
 * The read API: an entity's overview (the tab's first paint), its jobs, a
 * multibranch job's branches, a job's builds, a build and its log. Parses, takes credentials, calls one
 * read, answers; JSON reads carry an ETag and answer 304 when unchanged.
 */
export function createReadRoutes(options: {
  httpAuth: HttpAuthService;
  callers: CallerResolver;
  reads: AuthorizedReadService;
  auditReads: ActivityReads;
}): express.Router {
  const { httpAuth, callers, reads } = options;
  const overviews = new OverviewService(reads, options.auditReads);
  const router = Router();

  const callerOf = async (req: express.Request) =>
    callers.callerFor(
      await httpAuth.credentials(req, { allow: ['user', 'service'] }),
      'http',
    );

  router.get('/v1/entities/:kind/:namespace/:name/jobs', async (req, res) => {
    const caller = await callerOf(req);
    const path = parseRequest(entityPathSchema, req.params, 'path');
    const query = parseRequest(jobsQuerySchema, req.query, 'query');
    sendConditionalJson(
      req,
      res,
      await reads.listJobs(caller, entityRefOf(path), {
        include: query.include,
      }),
    );
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/overview',
    async (req, res) => {
      const caller = await callerOf(req);
      const path = parseRequest(entityPathSchema, req.params, 'path');
      const query = parseRequest(overviewQuerySchema, req.query, 'query');
      sendConditionalJson(
        req,
        res,
        await overviews.overview(caller, entityRefOf(path), query),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds',
    async (req, res) => {
      const caller = await callerOf(req);
      const path = parseRequest(jobPathSchema, req.params, 'path');
      const query = parseRequest(pageQuerySchema, req.query, 'query');
      sendConditionalJson(
        req,
        res,
        await reads.listBuilds(caller, entityRefOf(path), path.jobId, {
          limit: query.limit,
          cursor: query.cursor || undefined,
        }),
      );
    },
  );

  // A multibranch job's branches, searched (`q`) and paged on the server.
  router.get(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/branches',
    async (req, res) => {
      const caller = await callerOf(req);
      const path = parseRequest(jobPathSchema, req.params, 'path');
      const query = parseRequest(branchQuerySchema, req.query, 'query');
      sendConditionalJson(
        req,
        res,
        await reads.listBranches(caller, entityRefOf(path), path.jobId, query),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number',
    async (req, res) => {
      const caller = await callerOf(req);
      const path = parseRequest(buildPathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      sendConditionalJson(
        req,
        res,
        await reads.getBuild(
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
        await reads.getLog(
          caller,
          entityRefOf(path),
          path.jobId,
          path.number,
          query.start,
        ),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number/log/download',
    async (req, res) => {
      const caller = await callerOf(req);
      const path = parseRequest(buildPathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      const { job, log } = await reads.downloadLog(
        caller,
        entityRefOf(path),
        path.jobId,
        path.number,
      );
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${logFileName(job.fullName, path.number)}"`,
      );
      res.setHeader('Cache-Control', 'no-store');
      // Streamed as Jenkins sends it: a log of any size costs no memory. A
      // failure mid-way can only cut the download short.
      await pipeline(log.body, res).catch(() => {
        log.body.destroy();
        res.destroy();
      });
    },
  );

  return router;
}

/** `deploy-staging-42.log`: the job's last name part, safe in a header. */
function logFileName(fullName: string, buildNumber: number): string {
  const name = (fullName.split('/').pop() ?? 'build').replace(
    /[^A-Za-z0-9._-]/g,
    '_',
  );
  return `${name}-${buildNumber}.log`;
}
