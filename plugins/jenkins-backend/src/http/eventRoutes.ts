import express from 'express';
import Router from 'express-promise-router';
import {
  BuildEventWebhook,
  MAX_WEBHOOK_BODY_BYTES,
} from '../events/BuildEventWebhook';

/** 413: a webhook body over the bound. */
class PayloadTooLargeError extends Error {
  readonly name = 'PayloadTooLargeError';
  readonly statusCode = 413;
}

/** The path Backstage lets through without credentials; the secret guards it. */
export const WEBHOOK_PATH = '/v1/instances/:instance/events';

/**
 * `POST /v1/instances/:instance/events`: the Notification plugin's webhook.
 * The secret is checked before the body is read; the body is read raw (any
 * Content-Type, the plugin sends `application/json;charset=UTF-8`) up to
 * 256 KB. Answers 202 with what became of the event.
 */
export function createEventRoutes(options: {
  webhook: BuildEventWebhook;
}): express.Router {
  const { webhook } = options;
  const router = Router();
  const readBody = express.raw({
    type: () => true,
    limit: MAX_WEBHOOK_BODY_BYTES,
  });

  router.post(
    WEBHOOK_PATH,
    (req, _res, next) => {
      webhook.authenticate(req.params.instance, req.headers.authorization);
      next();
    },
    (req, res, next) => {
      readBody(req, res, error => {
        if (error?.type === 'entity.too.large') {
          next(
            new PayloadTooLargeError(
              `The build event is larger than ${
                MAX_WEBHOOK_BODY_BYTES / 1024
              } KB`,
            ),
          );
          return;
        }
        next(error);
      });
    },
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const outcome = await webhook.deliver(req.params.instance, body);
      res.status(202).json({ status: outcome });
    },
  );
  return router;
}
