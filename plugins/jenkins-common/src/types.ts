import { z } from 'zod';
import {
  activityPageSchema,
  overviewQuerySchema,
  overviewResponseSchema,
  overviewSelectionSchema,
  auditEntrySchema,
  branchesPageSchema,
  branchQuerySchema,
  branchSummarySchema,
  buildCauseSchema,
  buildDetailSchema,
  buildsPageSchema,
  buildStatusSchema,
  buildSummarySchema,
  capabilitySchema,
  failedTestSchema,
  inputAnswerRequestSchema,
  jenkinsIdentitySchema,
  jobCapabilitiesSchema,
  jobKindSchema,
  jobsResponseSchema,
  jobStatusSchema,
  jobSummarySchema,
  logChunkSchema,
  parameterDefinitionSchema,
  parameterInputSchema,
  parameterValueSchema,
  pendingInputSchema,
  queueStateSchema,
  stageSchema,
  testCountsSchema,
  triggerRequestSchema,
  triggerResponseSchema,
  actionResponseSchema,
  auditActionSchema,
} from './schemas';

/** @public */ export type JobKind = z.infer<typeof jobKindSchema>;
/** @public */ export type BuildStatus = z.infer<typeof buildStatusSchema>;
/** @public */ export type JobStatus = z.infer<typeof jobStatusSchema>;
/** @public */ export type ParameterDefinition = z.infer<
  typeof parameterDefinitionSchema
>;
/** A parameter value as the API accepts it. @public */
export type ParameterInput = z.infer<typeof parameterInputSchema>;
/** @public */ export type Capability = z.infer<typeof capabilitySchema>;
/** @public */ export type JobCapabilities = z.infer<
  typeof jobCapabilitiesSchema
>;
/** @public */ export type JenkinsIdentity = z.infer<
  typeof jenkinsIdentitySchema
>;
/** @public */ export type BuildCause = z.infer<typeof buildCauseSchema>;
/** @public */ export type TestCounts = z.infer<typeof testCountsSchema>;
/** @public */ export type BuildSummary = z.infer<typeof buildSummarySchema>;
/** @public */ export type BranchSummary = z.infer<typeof branchSummarySchema>;
/** @public */ export type BranchesPage = z.infer<typeof branchesPageSchema>;
/** `?q=&limit=&cursor=` of the branches route, as parsed. @public */
export type BranchQuery = z.infer<typeof branchQuerySchema>;
/** @public */ export type JobSummary = z.infer<typeof jobSummarySchema>;
/** @public */ export type JobsResponse = z.infer<typeof jobsResponseSchema>;
/** @public */ export type BuildsPage = z.infer<typeof buildsPageSchema>;
/** @public */ export type Stage = z.infer<typeof stageSchema>;
/** @public */ export type ParameterValue = z.infer<
  typeof parameterValueSchema
>;
/** @public */ export type FailedTest = z.infer<typeof failedTestSchema>;
/** @public */ export type PendingInput = z.infer<typeof pendingInputSchema>;
/** @public */ export type BuildDetail = z.infer<typeof buildDetailSchema>;
/** @public */ export type LogChunk = z.infer<typeof logChunkSchema>;
/** @public */ export type TriggerRequest = z.infer<
  typeof triggerRequestSchema
>;
/** @public */ export type QueueState = z.infer<typeof queueStateSchema>;
/** @public */ export type TriggerResponse = z.infer<
  typeof triggerResponseSchema
>;
/** @public */ export type InputAnswerRequest = z.infer<
  typeof inputAnswerRequestSchema
>;
/** @public */ export type ActionResponse = z.infer<
  typeof actionResponseSchema
>;
/** @public */ export type AuditAction = z.infer<typeof auditActionSchema>;
/** @public */ export type AuditEntry = z.infer<typeof auditEntrySchema>;
/** @public */ export type ActivityPage = z.infer<typeof activityPageSchema>;
/** @public */ export type OverviewResponse = z.infer<
  typeof overviewResponseSchema
>;
/** @public */ export type OverviewSelection = z.infer<
  typeof overviewSelectionSchema
>;
/** @public */ export type OverviewQuery = z.infer<typeof overviewQuerySchema>;
