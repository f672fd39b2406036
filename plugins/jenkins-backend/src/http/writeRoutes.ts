import { randomUUID } from 'node:crypto';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  abortOperationSchema,
  answerInputOperationSchema,
  cancelOperationSchema,
  inputAnswerRequestSchema,
  rebuildOperationSchema,
  triggerOperationSchema,
  triggerRequestSchema,
} from '@internal/plugin-jenkins-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  IdempotencyService,
  parseIdempotencyKey,
} from '../idempotency/IdempotencyService';
import { runIdempotentWrite } from '../idempotency/runIdempotentWrite';
import { CallerResolver } from '../identity/CallerResolver';
import { Caller } from '../identity/types';
import { AuthorizedPipelineControls } from '../writes/AuthorizedPipelineControls';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import { WriteContext } from '../writes/WriteContext';
import { parseRequest } from '../validation/parseRequest';
import {
  BUILD_PATH,
  PipelineControlOperation,
  pipelineControlRoutes,
} from './pipelineControlRoutes';
import { requestVia } from './requestVia';
import {
  buildPathSchema,
  emptyBody,
  entityRefOf,
  inputPathSchema,
  jobPathSchema,
  noQuery,
  queuePathSchema,
} from './requestTargets';

type Operation =
  | 'trigger'
  | 'rebuild'
  | 'abort'
  | 'cancel'
  | 'answerInput'
  | PipelineControlOperation;

/** 415: a write's body in a media type the API does not take. */
class UnsupportedMediaTypeError extends Error {
  readonly name = 'UnsupportedMediaTypeError';
  readonly statusCode = 415;
}

/**
 * A write's body is JSON or nothing. A body of another type (text/plain,
 * form-encoded) would not be parsed, and the write would go ahead without
 * the parameters it carries, so it is refused before anything else.
 */
function requireJsonBody(
  req: express.Request,
  _res: express.Response,
  next: express.NextFunction,
) {
  const contentType = req.headers['content-type'];
  const length = req.headers['content-length'];
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && length !== '0');
  if (
    contentType === undefined
      ? hasBody
      : req.is('application/json') !== 'application/json'
  ) {
    next(
      new UnsupportedMediaTypeError(
        `The request body must be JSON (Content-Type: application/json), not ${
          contentType ?? 'a body without a Content-Type'
        }`,
      ),
    );
    return;
  }
  next();
}

/**
 * The write API: run, rebuild, abort, cancel, answer an input step, and a
 * queue item's state. Parses path, query and body, takes the person's
 * credentials, runs one write once per `Idempotency-Key`, answers.
 */
export function createWriteRoutes(options: {
  httpAuth: HttpAuthService;
  callers: CallerResolver;
  writes: AuthorizedWriteService;
  idempotency: IdempotencyService;
  pipelineControls?: AuthorizedPipelineControls;
}): express.Router {
  const { httpAuth, callers, writes, idempotency } = options;
  const router = Router();
  router.post('/v1/entities/*', requireJsonBody);
  router.use(express.json());

  const personOf = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    return callers.personFor(credentials, requestVia(credentials));
  };

  /**
   * Parses the operation, then runs it once per (person, key). The request
   * id is set first, so that error answers name the request too.
   */
  const write = async <S extends z.ZodType, T extends { requestId?: string }>(
    req: express.Request,
    res: express.Response,
    operation: Operation,
    schema: S,
    input: unknown,
    status: number,
    run: (
      caller: Caller,
      parsed: z.infer<S>,
      context: WriteContext,
    ) => Promise<T>,
  ) => {
    const key = parseIdempotencyKey(req.headers['idempotency-key']);
    const parsed = parseRequest(schema, input, 'body');
    const caller = await personOf(req);
    const requestId = randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const answer = await runIdempotentWrite(
      idempotency,
      {
        userRef: caller.userRef,
        key,
        operation,
        input: parsed,
        status,
        requestId,
      },
      attempt => {
        // Every attempt of a key carries the key's request id.
        res.setHeader('X-Request-Id', attempt.requestId);
        return run(caller, parsed, { ...attempt, request: req });
      },
    );
    res.setHeader('X-Request-Id', answer.requestId);
    if (answer.replayed) {
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
      await write(
        req,
        res,
        'trigger',
        triggerOperationSchema,
        { entityRef: entityRefOf(path), jobId: path.jobId, ...body },
        202,
        (caller, op, context) => writes.trigger(caller, op, context),
      );
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number/rebuild',
    async (req, res) => {
      const path = parseRequest(buildPathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      const body = parseRequest(triggerRequestSchema, req.body ?? {}, 'body');
      await write(
        req,
        res,
        'rebuild',
        rebuildOperationSchema,
        {
          entityRef: entityRefOf(path),
          jobId: path.jobId,
          buildNumber: path.number,
          ...body,
        },
        202,
        (caller, op, context) => writes.rebuild(caller, op, context),
      );
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number/abort',
    async (req, res) => {
      const path = parseRequest(buildPathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      parseRequest(emptyBody, req.body ?? {}, 'body');
      await write(
        req,
        res,
        'abort',
        abortOperationSchema,
        {
          entityRef: entityRefOf(path),
          jobId: path.jobId,
          buildNumber: path.number,
        },
        200,
        (caller, op, context) => writes.abort(caller, op, context),
      );
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/queue/:queueId/cancel',
    async (req, res) => {
      const path = parseRequest(queuePathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      parseRequest(emptyBody, req.body ?? {}, 'body');
      await write(
        req,
        res,
        'cancel',
        cancelOperationSchema,
        {
          entityRef: entityRefOf(path),
          jobId: path.jobId,
          queueId: path.queueId,
        },
        200,
        (caller, op, context) => writes.cancel(caller, op, context),
      );
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number/inputs/:inputId',
    async (req, res) => {
      const path = parseRequest(inputPathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      const body = parseRequest(inputAnswerRequestSchema, req.body, 'body');
      await write(
        req,
        res,
        'answerInput',
        answerInputOperationSchema,
        {
          entityRef: entityRefOf(path),
          jobId: path.jobId,
          buildNumber: path.number,
          inputId: path.inputId,
          ...body,
        },
        200,
        (caller, op, context) => writes.answerInput(caller, op, context),
      );
    },
  );

  // Restart from a stage, rerun/replay, pause/resume (`pipelineControlRoutes`).
  for (const route of pipelineControlRoutes(options.pipelineControls)) {
    router.post(`${BUILD_PATH}/${route.name}`, async (req, res) => {
      const path = parseRequest(buildPathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      const body = parseRequest(route.body, req.body ?? {}, 'body');
      const target = { entityRef: entityRefOf(path), jobId: path.jobId };
      const input = {
        ...target,
        buildNumber: path.number,
        ...route.fields(body),
      };
      await write(
        req,
        res,
        route.operation,
        route.schema,
        input,
        route.status,
        route.run,
      );
    });
  }

  router.get(
    '/v1/entities/:kind/:namespace/:name/jobs/:jobId/queue/:queueId',
    async (req, res) => {
      const path = parseRequest(queuePathSchema, req.params, 'path');
      parseRequest(noQuery, req.query, 'query');
      const caller = await personOf(req);
      res.json(
        await writes.queueState(
          caller,
          { entityRef: entityRefOf(path), jobId: path.jobId },
          path.queueId,
        ),
      );
    },
  );

  return router;
}
