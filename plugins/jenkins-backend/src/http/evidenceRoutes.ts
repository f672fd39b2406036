import { HttpAuthService } from '@backstage/backend-plugin-api';
import { auditVerifyQuerySchema } from '@internal/plugin-jenkins-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AuditReadService } from '../audit/AuditReadService';
import { CallerResolver } from '../identity/CallerResolver';
import { ChangeRecordService } from '../reads/ChangeRecordService';
import { parseRequest } from '../validation/parseRequest';
import { buildPathSchema, entityRefOf } from './requestTargets';

const recordQuerySchema = z
  .object({
    /** `true`: answered as a file to save (`Content-Disposition: attachment`). */
    download: z.enum(['true', 'false']).optional(),
  })
  .strict();

/** `payments-deploy-production-42-change-record.json`. */
export function recordFileName(
  jobFullName: string,
  buildNumber: number,
): string {
  const base = jobFullName
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'job'}-${buildNumber}-change-record.json`;
}

/**
 * Evidence for auditors: a build's change record (JSON, or a file to
 * save) and the verification of the audit hash chains.
 */
export function createEvidenceRoutes(options: {
  httpAuth: HttpAuthService;
  callers: CallerResolver;
  auditReads: AuditReadService;
  changeRecords?: ChangeRecordService;
}): express.Router {
  const { httpAuth, callers, auditReads, changeRecords } = options;
  const router = Router();

  if (changeRecords) {
    router.get(
      '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number/record',
      async (req, res) => {
        const caller = await callers.callerFor(
          await httpAuth.credentials(req, { allow: ['user', 'service'] }),
          'http',
        );
        const path = parseRequest(buildPathSchema, req.params, 'path');
        const query = parseRequest(recordQuerySchema, req.query, 'query');
        const record = await changeRecords.record(
          caller,
          entityRefOf(path),
          path.jobId,
          path.number,
        );
        res.setHeader('Cache-Control', 'no-store');
        if (query.download === 'true') {
          res.setHeader(
            'Content-Disposition',
            `attachment; filename="${recordFileName(
              record.job.fullName,
              record.build.number,
            )}"`,
          );
        }
        res.status(200).json(record);
      },
    );
  }

  router.get('/v1/audit/verify', async (req, res) => {
    const query = parseRequest(auditVerifyQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json(
      await auditReads.verify(credentials, {
        fromMs: query.from ? Date.parse(query.from) : undefined,
        toMs: query.to ? Date.parse(query.to) : undefined,
      }),
    );
  });

  return router;
}
