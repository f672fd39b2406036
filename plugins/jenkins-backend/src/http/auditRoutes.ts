import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  auditQuerySchema,
  entityPathSchema,
  pageQuerySchema,
} from '@internal/plugin-jenkins-common';
import express from 'express';
import Router from 'express-promise-router';
import { AuditReadService } from '../audit/AuditReadService';
import { formatAuditExport } from '../audit/auditExport';
import { CallerResolver } from '../identity/CallerResolver';
import { parseRequest } from '../validation/parseRequest';
import { sendConditionalJson } from './conditionalJson';
import { entityRefOf } from './requestTargets';

/**
 * The audit trail: an entity's recent activity and the compliance export
 * (JSON, NDJSON or CSV).
 */
export function createAuditRoutes(options: {
  httpAuth: HttpAuthService;
  callers: CallerResolver;
  auditReads: AuditReadService;
}): express.Router {
  const { httpAuth, callers, auditReads } = options;
  const router = Router();

  router.get(
    '/v1/entities/:kind/:namespace/:name/activity',
    async (req, res) => {
      const path = parseRequest(entityPathSchema, req.params, 'path');
      const query = parseRequest(pageQuerySchema, req.query, 'query');
      const caller = await callers.callerFor(
        await httpAuth.credentials(req, { allow: ['user', 'service'] }),
        'http',
      );
      sendConditionalJson(
        req,
        res,
        await auditReads.activity(caller, entityRefOf(path), {
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
    const entries = await auditReads.export(credentials, {
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
