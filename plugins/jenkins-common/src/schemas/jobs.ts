import { z } from 'zod';

/** What kind of Jenkins item a job is. @public */
export const jobKindSchema = z.enum([
  'pipeline',
  'multibranch',
  'freestyle',
  'folder',
  'other',
]);

/**
 * A build's state as the portal shows it. `paused` is a pipeline waiting at
 * an input step.
 *
 * @public
 */
export const buildStatusSchema = z.enum([
  'queued',
  'running',
  'paused',
  'success',
  'unstable',
  'failure',
  'aborted',
  'not_built',
]);

/** A job's overall state: its last build's, or `disabled` / `never_built`. @public */
export const jobStatusSchema = z.union([
  buildStatusSchema,
  z.enum(['disabled', 'never_built']),
]);

const parameterBase = {
  name: z.string(),
  description: z.string().nullable(),
};

/**
 * A job parameter definition, as the Run pipeline form renders it.
 *
 * @public
 */
export const parameterDefinitionSchema = z.discriminatedUnion('type', [
  z.object({
    ...parameterBase,
    type: z.literal('string'),
    defaultValue: z.string().nullable(),
  }),
  z.object({
    ...parameterBase,
    type: z.literal('text'),
    defaultValue: z.string().nullable(),
  }),
  z.object({
    ...parameterBase,
    type: z.literal('boolean'),
    defaultValue: z.boolean(),
  }),
  z.object({
    ...parameterBase,
    type: z.literal('choice'),
    choices: z.array(z.string()),
    defaultValue: z.string().nullable(),
  }),
  z.object({
    ...parameterBase,
    type: z.literal('password'),
    /** Never the secret itself: only whether Jenkins has a default. */
    hasDefault: z.boolean(),
  }),
  z.object({
    ...parameterBase,
    type: z.literal('unsupported'),
    jenkinsType: z.string(),
  }),
]);

/** Whether the caller may do something, and if not, why. @public */
export const capabilitySchema = z.object({
  allowed: z.boolean(),
  reason: z.string().optional(),
});

/** What the caller may do on a job, as the permission policy decided. @public */
export const jobCapabilitiesSchema = z.object({
  trigger: capabilitySchema,
  rebuild: capabilitySchema,
  abort: capabilitySchema,
  approve: capabilitySchema,
  readLogs: capabilitySchema,
});

/** Who Jenkins sees when the backend acts for the caller. @public */
export const jenkinsIdentitySchema = z.object({
  strategy: z.enum(['jwt', 'proxy-headers', 'service-account']),
  /** The Jenkins user name requests are made as. */
  jenkinsUser: z.string(),
  /** Set when Jenkins does not see the person, e.g. a service account. */
  notice: z.string().optional(),
});

/** Who or what started a build (a Jenkins cause). @public */
export const buildCauseSchema = z.object({
  kind: z.enum([
    'user',
    'remote',
    'timer',
    'scm',
    'upstream',
    'branch',
    'other',
  ]),
  description: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
});

/** Test counts of a build. @public */
export const testCountsSchema = z.object({
  total: z.number(),
  failed: z.number(),
  skipped: z.number(),
  passed: z.number(),
});

/** One build in a list. @public */
export const buildSummarySchema = z.object({
  number: z.number().int(),
  displayName: z.string(),
  url: z.string(),
  status: buildStatusSchema,
  /** Epoch milliseconds. */
  startedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  estimatedDurationMs: z.number().nullable(),
  /** 0..1 while running, against Jenkins' estimate; null when unknown or done. */
  progress: z.number().nullable(),
  branch: z.string().nullable(),
  commit: z.string().nullable(),
  causes: z.array(buildCauseSchema),
  tests: testCountsSchema.nullable(),
});

/** At most this many branches come with a multibranch job's summary. @public */
export const MAX_SUMMARY_BRANCHES = 20;

/** A branch of a multibranch job. @public */
export const branchSummarySchema = z.object({
  id: z.string(),
  /** The branch name as in git, e.g. `feature/fast-refunds`. */
  name: z.string(),
  /** The branch job's full name in Jenkins, e.g. `payments/svc/feature%2Ffast-refunds`. */
  fullName: z.string(),
  url: z.string(),
  status: jobStatusSchema,
  /**
   * The branch's last build: its state only (no causes, commit or tests,
   * which its builds page shows), so that thousands of branches stay one
   * small Jenkins answer.
   */
  lastBuild: buildSummarySchema.nullable(),
});

/** One job of an entity. @public */
export const jobSummarySchema = z.object({
  id: z.string(),
  instance: z.string(),
  fullName: z.string(),
  displayName: z.string(),
  url: z.string(),
  kind: jobKindSchema,
  environment: z.string().nullable(),
  status: jobStatusSchema,
  buildable: z.boolean(),
  lastBuild: buildSummarySchema.nullable(),
  /**
   * A multibranch job's branches: all of them up to
   * {@link MAX_SUMMARY_BRANCHES}, else main, master, the branch asked for
   * and the most recently built, in Jenkins' order. The rest are searched
   * and paged on the server (`GET …/jobs/:jobId/branches`).
   */
  branches: z.array(branchSummarySchema).nullable(),
  /** How many branches a multibranch job has (null for other jobs). */
  branchCount: z.number().int().nonnegative().nullable().optional(),
  parameters: z.array(parameterDefinitionSchema),
  capabilities: jobCapabilitiesSchema,
  identity: jenkinsIdentitySchema,
});

/** `GET /entities/:kind/:namespace/:name/jobs`. @public */
export const jobsResponseSchema = z.object({
  entityRef: z.string(),
  jobs: z.array(jobSummarySchema),
});

/** `GET …/jobs/:jobId/builds`. @public */
export const buildsPageSchema = z.object({
  items: z.array(buildSummarySchema),
  nextCursor: z.string().nullable(),
});

/**
 * `GET …/jobs/:jobId/branches?q=&limit=&cursor=`: a page of a multibranch
 * job's branches whose name contains `q`, in Jenkins' order. @public
 */
export const branchesPageSchema = z.object({
  items: z.array(branchSummarySchema),
  /** How many branches match `q` (all branches without it). */
  total: z.number().int().nonnegative(),
  nextCursor: z.string().nullable(),
});
