import { randomUUID } from 'node:crypto';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  auditQuerySchema,
  buildNumberSchema,
  entityPathSchema,
  inputAnswerRequestSchema,
  jobIdSchema,
  pageQuerySchema,
  queueIdSchema,
  triggerRequestSchema,
} from '@internal/plugin-jenkins-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { formatAuditExport } from '../audit/auditExport';
import { WriteServices } from '../services/createWriteServices';
import {
  parseIdempotencyKey,
  requestFingerprint,
} from '../idempotency/IdempotencyService';
import { JenkinsContext } from '../services/JenkinsContext';
import { parseRequest } from './parseRequest';

/** Options of {@link createActionsRouter}. @public */
export interface ActionsRouterOptions {
  context: JenkinsContext;
  httpAuth: HttpAuthService;
  write: WriteServices;
}

const jobPathSchema = entityPathSchema.extend({ jobId: jobIdSchema });
const buildPathSchema = jobPathSchema.extend({ number: buildNumberSchema });
const queuePathSchema = jobPathSchema.extend({ queueId: queueIdSchema });
const inputPathSchema = buildPathSchema.extend({
  inputId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9._-]+$/, 'must be an input step id'),
});
const noQuery = z.object({}).strict();
const emptyBody = z.object({}).strict();

/**
 * The write API (trigger, rebuild, abort, cancel, answer input steps), the
 * queue state and the audit trail (an entity's activity, the compliance
 * export). Speaks HTTP only: validation, credentials, `Idempotency-Key`,
 * status codes.
 *
 * @public
 */
export async function createActionsRouter(
  options: ActionsRouterOptions,
): Promise<express.Router> {
  const { context, httpAuth, write } = options;
  const router = Router();
  router.use(express.json());

  const userCaller = async (req: express.Request) =>
    context.callers.callerFor(
      await httpAuth.credentials(req, { allow: ['user'] }),
      'http',
    );
  const entityRefOf = (path: z.infer<typeof entityPathSchema>) =>
    `${path.kind}:${path.namespace}/${path.name}`;

  /**
   * Runs a write once per (user, Idempotency-Key): a repeat returns the
   * first answer (with `Idempotent-Replayed: true`), the same key with a
   * different request answers 422.
   */
  const idempotent = async (
    req: express.Request,
    res: express.Response,
    userRef: string,
    status: number,
    run: (requestId: string) => Promise<unknown>,
  ) => {
    const key = parseIdempotencyKey(req.get('Idempotency-Key'));
    const requestId = randomUUID();
    // Set first, so that error answers name the request too.
    res.setHeader('X-Request-Id', requestId);
    if (!key) {
      res.status(status).json(await run(requestId));
      return;
    }
    const answer = await write.idempotency.run(
      {
        userRef,
        key,
        fingerprint: requestFingerprint(`${req.method} ${req.path}`, req.body),
      },
      async () => ({ status, body: await run(requestId) }),
    );
    if (answer.replayed) {
      const body = answer.body as { requestId?: string };
      if (body?.requestId) {
        res.setHeader('X-Request-Id', body.requestId);
      }
      res.setHeader('Idempotent-Replayed', 'true');
    }
    res.status(answer.status).json(answer.body);
  };

  router.post(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds',
    async (req, res) => {
      const path = parseRequest(jobPathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      const body = parseRequest(triggerRequestSchema, req.body ?? {}, 'body');
      const caller = await userCaller(req);
      await idempotent(req, res, caller.userRef, 202, requestId =>
        write.writes.trigger(
          caller,
          { entityRef: entityRefOf(path), jobId: path.jobId },
          body,
          { requestId, request: req },
        ),
      );
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number/rebuild',
    async (req, res) => {
      const path = parseRequest(buildPathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      const body = parseRequest(triggerRequestSchema, req.body ?? {}, 'body');
      const caller = await userCaller(req);
      await idempotent(req, res, caller.userRef, 202, requestId =>
        write.writes.rebuild(
          caller,
          { entityRef: entityRefOf(path), jobId: path.jobId },
          path.number,
          body,
          { requestId, request: req },
        ),
      );
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number/abort',
    async (req, res) => {
      const path = parseRequest(buildPathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      parseRequest(emptyBody, req.body ?? {}, 'body');
      const caller = await userCaller(req);
      await idempotent(req, res, caller.userRef, 200, requestId =>
        write.writes.abort(
          caller,
          { entityRef: entityRefOf(path), jobId: path.jobId },
          path.number,
          { requestId, request: req },
        ),
      );
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/queue/:queueId/cancel',
    async (req, res) => {
      const path = parseRequest(queuePathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      parseRequest(emptyBody, req.body ?? {}, 'body');
      const caller = await userCaller(req);
      await idempotent(req, res, caller.userRef, 200, requestId =>
        write.writes.cancel(
          caller,
          { entityRef: entityRefOf(path), jobId: path.jobId },
          path.queueId,
          { requestId, request: req },
        ),
      );
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number/inputs/:inputId',
    async (req, res) => {
      const path = parseRequest(inputPathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      const body = parseRequest(inputAnswerRequestSchema, req.body, 'body');
      const caller = await userCaller(req);
      await idempotent(req, res, caller.userRef, 200, requestId =>
        write.writes.answerInput(
          caller,
          { entityRef: entityRefOf(path), jobId: path.jobId },
          path.number,
          path.inputId,
          body,
          { requestId, request: req },
        ),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/queue/:queueId',
    async (req, res) => {
      const path = parseRequest(queuePathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      const caller = await userCaller(req);
      res.json(
        await write.writes.queueState(
          caller,
          { entityRef: entityRefOf(path), jobId: path.jobId },
          path.queueId,
        ),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/activity',
    async (req, res) => {
      const path = parseRequest(entityPathSchema, req.params, 'path');
      const query = parseRequest(pageQuerySchema, req.query, 'query');
      const caller = await context.callers.callerFor(
        await httpAuth.credentials(req, { allow: ['user', 'service'] }),
        'http',
      );
      res.json(
        await write.auditReads.activity(caller, entityRefOf(path), {
          limit: query.limit,
          cursor: query.cursor || undefined,
        }),
      );
    },
  );

  router.get('/v1/audit', async (req, res) => {
    const query = parseRequest(auditQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entries = await write.auditReads.export(credentials, {
      fromMs: query.from ? Date.parse(query.from) : undefined,
      toMs: query.to ? Date.parse(query.to) : undefined,
      actor: query.actor,
      limit: query.limit,
    });
    const out = formatAuditExport(entries, query.format);
    res.setHeader('Content-Type', out.contentType);
    res.setHeader('Cache-Control', 'no-store');
    if (query.format !== 'json') {
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${out.fileName}"`,
      );
    }
    res.status(200).send(out.body);
  });

  return router;
}
