import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  auditQuerySchema,
  MAX_EXPORTED_RECORDS,
  entityPathSchema,
  pageQuerySchema,
} from '@internal/plugin-jenkins-common';
import express from 'express';
import Router from 'express-promise-router';
import { AuditReadService } from '../audit/AuditReadService';
import { formatAuditExport } from '../audit/auditExport';
import { CallerResolver } from '../identity/CallerResolver';
import { ChangeRecordService } from '../reads/ChangeRecordService';
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
  /** For `format=records`. */
  changeRecords?: ChangeRecordService;
}): express.Router {
  const { httpAuth, callers, auditReads, changeRecords } = options;
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
    const range = {
      fromMs: query.from ? Date.parse(query.from) : undefined,
      toMs: query.to ? Date.parse(query.to) : undefined,
      actor: query.actor,
      environment: query.environment,
    };
    if (query.format === 'records') {
      if (!changeRecords) {
        throw new InputError('format: records are not available');
      }
      // The runs of the period, each as its build's change record; bounded,
      // as every record costs Jenkins reads.
      const limit = Math.min(query.limit, MAX_EXPORTED_RECORDS);
      const runs = (
        await auditReads.export(credentials, {
          ...range,
          actions: ['trigger', 'rebuild'],
          limit: limit + 1,
        })
      ).filter(e => e.decision === 'allow' && e.outcome === 'success');
      const caller = await callers.callerFor(credentials, 'http');
      const { items, skipped } = await changeRecords.recordsOf(
        caller,
        runs.slice(0, limit),
      );
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader(
        'Content-Disposition',
        'attachment; filename="jenkins-change-records.json"',
      );
      res.status(200).json({
        from: query.from ?? null,
        to: query.to ?? null,
        environment: query.environment ?? null,
        items,
        skipped,
        truncated: runs.length > limit,
      });
      return;
    }
    const entries = await auditReads.export(credentials, {
      ...range,
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
