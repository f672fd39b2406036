import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  artifactQuerySchema,
  flowNodeIdSchema,
  logQuerySchema,
} from '@internal/plugin-jenkins-common';
import express from 'express';
import Router from 'express-promise-router';
import { pipeline } from 'node:stream/promises';
import { CallerResolver } from '../identity/CallerResolver';
import {
  AuthorizedBuildViews,
  BuildTarget,
} from '../reads/AuthorizedBuildViews';
import { parseRequest } from '../validation/parseRequest';
import { sendConditionalJson } from './conditionalJson';
import { buildPathSchema, entityRefOf, noQuery } from './requestTargets';

const BUILD = '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number';

const nodePathSchema = buildPathSchema.extend({ nodeId: flowNodeIdSchema });

/**
 * The build views: the stage graph, a stage's steps and a node's log, the
 * changes, the artifacts (list and streamed download), the causes, and
 * what restart, replay and pause offer. Parses, takes credentials, calls
 * one view, answers; JSON views carry an ETag and answer 304 when unchanged.
 */
export function createBuildViewRoutes(options: {
  httpAuth: HttpAuthService;
  callers: CallerResolver;
  buildViews: AuthorizedBuildViews;
}): express.Router {
  const { httpAuth, callers, buildViews } = options;
  const router = Router();

  const callerOf = async (req: express.Request) =>
    callers.callerFor(
      await httpAuth.credentials(req, { allow: ['user', 'service'] }),
      'http',
    );

  const targetOf = (path: {
    kind: string;
    namespace: string;
    name: string;
    jobId: string;
    number: number;
  }): BuildTarget => ({
    entityRef: entityRefOf(path),
    jobId: path.jobId,
    buildNumber: path.number,
  });

  /** A JSON view of a build without query parameters. */
  const view = (
    suffix: string,
    read: (
      caller: Awaited<ReturnType<typeof callerOf>>,
      target: BuildTarget,
    ) => Promise<unknown>,
  ) =>
    router.get(`${BUILD}/${suffix}`, async (req, res) => {
      const path = parseRequest(buildPathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      const caller = await callerOf(req);
      sendConditionalJson(req, res, await read(caller, targetOf(path)));
    });

  view('graph', (caller, target) => buildViews.graph(caller, target));
  view('changes', (caller, target) => buildViews.changes(caller, target));
  view('artifacts', (caller, target) => buildViews.artifacts(caller, target));
  view('causes', (caller, target) => buildViews.causes(caller, target));
  view('restart', (caller, target) => buildViews.restartInfo(caller, target));
  view('replay', (caller, target) => buildViews.replayInfo(caller, target));
  view('pause', (caller, target) => buildViews.pauseState(caller, target));

  router.get(`${BUILD}/stages/:nodeId/steps`, async (req, res) => {
    const path = parseRequest(nodePathSchema, req.params, 'path');
    parseRequest(noQuery, req.query, 'query');
    const caller = await callerOf(req);
    sendConditionalJson(
      req,
      res,
      await buildViews.stageSteps(caller, targetOf(path), path.nodeId),
    );
  });

  router.get(`${BUILD}/nodes/:nodeId/log`, async (req, res) => {
    const path = parseRequest(nodePathSchema, req.params, 'path');
    const query = parseRequest(logQuerySchema, req.query, 'query');
    const caller = await callerOf(req);
    res.json(
      await buildViews.nodeLog(
        caller,
        targetOf(path),
        path.nodeId,
        query.start,
      ),
    );
  });

  router.get(`${BUILD}/artifacts/download`, async (req, res) => {
    const path = parseRequest(buildPathSchema, req.params, 'path');
    const query = parseRequest(artifactQuerySchema, req.query, 'query');
    const caller = await callerOf(req);
    const file = await buildViews.artifact(caller, targetOf(path), query.path);
    res.setHeader(
      'Content-Type',
      file.contentType ?? 'application/octet-stream',
    );
    if (file.contentLength !== undefined) {
      res.setHeader('Content-Length', String(file.contentLength));
    }
    res.setHeader('Content-Disposition', contentDisposition(file.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    // Streamed as Jenkins sends it: an artifact of any size costs no
    // memory. A failure mid-way can only cut the download short.
    await pipeline(file.body, res).catch(() => {
      file.body.destroy();
      res.destroy();
    });
  });

  return router;
}

/**
 * `attachment; filename="report.txt"; filename*=UTF-8''report.txt`: an
 * ASCII fallback safe in a quoted string, and the exact name per RFC 6266.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'artifact';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(
    fileName,
  ).replace(/['()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
