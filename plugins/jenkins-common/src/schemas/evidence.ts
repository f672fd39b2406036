import { z } from 'zod';
import { auditEntrySchema } from './audit';
import { buildResultSchema } from './events';

/** A person in a change record, as Backstage knows them. @public */
export const recordPersonSchema = z.object({
  /** e.g. `user:default/bob`; null when nobody can tell. */
  userRef: z.string().nullable(),
  /** The Jenkins user name Jenkins saw, when known. */
  jenkinsUser: z.string().nullable(),
});

/** One write on a build (approve, reject, abort, rebuild) as the audit trail holds it. @public */
export const recordStepSchema = z.object({
  auditId: z.string(),
  action: auditEntrySchema.shape.action,
  /** ISO 8601, when it was asked for. */
  time: z.string(),
  by: recordPersonSchema,
  via: auditEntrySchema.shape.via,
  /** The input step answered, for approve and reject. */
  inputId: z.string().nullable(),
  /** The permission policy's decision on it. */
  decision: auditEntrySchema.shape.decision,
  /** What the policy said when it refused, or what Jenkins answered. */
  message: z.string().nullable(),
  /** What came of it (see the audit entry). */
  outcome: auditEntrySchema.shape.outcome,
  /** The HTTP status Jenkins answered; null when it was not asked or said nothing. */
  jenkinsStatus: z.number().nullable(),
  /** Parameters sent with it, secrets masked. */
  parameters: z.record(z.string(), z.unknown()).nullable(),
});

/** A commit a build deployed, from Jenkins' `changeSets`. @public */
export const recordCommitSchema = z.object({
  id: z.string(),
  message: z.string().nullable(),
  author: z.string().nullable(),
  /** ISO 8601, when known. */
  time: z.string().nullable(),
});

/**
 * `GET …/jobs/:jobId/builds/:number/record`: everything an auditor asks
 * about one build, as one document with a digest. @public
 */
export const changeRecordSchema = z.object({
  schemaVersion: z.literal(1),
  /** ISO 8601, when the record was put together. Not covered by the digest. */
  generatedAt: z.string(),
  entity: z.object({
    ref: z.string(),
    title: z.string().nullable(),
    /** `spec.owner`, as an entity ref. */
    owner: z.string().nullable(),
    /** `spec.system`, as an entity ref. */
    system: z.string().nullable(),
  }),
  job: z.object({
    instance: z.string(),
    fullName: z.string(),
    environment: z.string().nullable(),
    url: z.string().nullable(),
  }),
  build: z.object({
    number: z.number().int(),
    url: z.string().nullable(),
    result: buildResultSchema.nullable(),
    building: z.boolean(),
    /** ISO 8601. */
    startedAt: z.string().nullable(),
    durationMs: z.number().nullable(),
    /** The git revision Jenkins built, when it recorded one. */
    revision: z.string().nullable(),
    /** The commits Jenkins says the build brought in; null when Jenkins does not know. */
    commits: z.array(recordCommitSchema).nullable(),
  }),
  requester: recordPersonSchema.extend({
    /** How the build was started: the portal, an assistant or automation (the actions registry), a software template, or Jenkins itself. */
    via: z.enum(['portal', 'action', 'template', 'jenkins', 'unknown']),
    /** Where the requester came from: the audit trail or Jenkins' causes. */
    source: z.enum(['audit', 'jenkins', 'unknown']),
    /** ISO 8601, when it was requested through Backstage. */
    time: z.string().nullable(),
    /** The request id the build carries (`BACKSTAGE_REQUEST_ID`). */
    requestId: z.string().nullable(),
    /** The policy decision on starting it. */
    decision: auditEntrySchema.shape.decision.nullable(),
    /** Jenkins' answer to starting it. */
    jenkinsStatus: z.number().nullable(),
  }),
  /** The build's parameters, secrets masked. */
  parameters: z.array(
    z.object({
      name: z.string(),
      value: z.union([z.string(), z.boolean(), z.number()]).nullable(),
      masked: z.boolean(),
    }),
  ),
  /** Every approval, rejection, abort and rebuild asked on the build, oldest first, allowed or not. */
  steps: z.array(recordStepSchema),
  /** The people who approved (allowed and carried out), in order. */
  approvedBy: z.array(z.string()),
  /** Whether the person who approved is not the person who started it. */
  separationOfDuties: z.enum([
    'kept',
    'violated',
    'starter-unknown',
    'not-applicable',
  ]),
  /** sha256 over the canonical JSON of the record without `generatedAt` and `digest`. */
  digest: z.object({
    algorithm: z.literal('sha256'),
    value: z.string(),
  }),
});

/** `GET /v1/audit/verify`: the audit hash chains' state. @public */
export const auditVerificationSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** True when no link in the period is broken. */
  verified: z.boolean(),
  checkedLinks: z.number().int(),
  /** Entries written before the chain began (see the migration). */
  unchainedEntries: z.number().int(),
  /** More links than one verification reads: narrow the period. */
  truncated: z.boolean(),
  instances: z.array(
    z.object({
      instance: z.string(),
      checkedLinks: z.number().int(),
      firstSeq: z.number().int().nullable(),
      lastSeq: z.number().int().nullable(),
      headSeq: z.number().int(),
      prunedThroughSeq: z.number().int().nullable(),
      intact: z.boolean(),
    }),
  ),
  /** The first broken link, in time order; null when the chains are intact. */
  firstBrokenLink: z
    .object({
      instance: z.string(),
      seq: z.number().int(),
      table: z.string(),
      id: z.string(),
      time: z.string(),
      reason: z.enum([
        'content-changed',
        'link-broken',
        'missing-link',
        'fork',
        'head-mismatch',
      ]),
      detail: z.string(),
    })
    .nullable(),
});

/** `?from=&to=` of the audit verification. @public */
export const auditVerifyQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/**
 * The most change records one `/v1/audit?format=records` answer carries:
 * each costs Jenkins reads. @public
 */
export const MAX_EXPORTED_RECORDS = 200;

/** @public */ export type ChangeRecord = z.infer<typeof changeRecordSchema>;
/** @public */ export type ChangeRecordStep = z.infer<typeof recordStepSchema>;
/** @public */ export type AuditVerification = z.infer<
  typeof auditVerificationSchema
>;
