import { z } from 'zod';
import { activityPageSchema } from './audit';
import {
  buildsPageSchema,
  buildSummarySchema,
  jobsResponseSchema,
} from './jobs';
import { jobIdSchema, pageQuerySchema } from './requests';

/** How many of a job's newest builds the trend shows by default. @public */
export const DEFAULT_TREND_BUILDS = 20;

/**
 * `?job=&limit=&trend=&activityLimit=` of the overview route: the job (or
 * branch) to show first, the size of its first builds page, of its trend
 * and of the activity page. @public
 */
export const overviewQuerySchema = z
  .object({
    job: jobIdSchema.optional(),
    limit: pageQuerySchema.shape.limit.default(10),
    trend: pageQuerySchema.shape.limit.default(DEFAULT_TREND_BUILDS),
    activityLimit: pageQuerySchema.shape.limit.default(10),
  })
  .strict();

/** The job shown first, with what the tab paints of it. @public */
export const overviewSelectionSchema = z.object({
  /** The job id (a branch's id for a branch) the builds belong to. */
  jobId: z.string(),
  /** The first page of its builds, as `GET …/builds?limit=`. */
  builds: buildsPageSchema,
  /** Its newest builds for the trend, newest first. */
  trend: z.array(buildSummarySchema),
});

/**
 * `GET /entities/:kind/:namespace/:name/overview`: everything the tab's
 * first paint needs in one answer. `selected` is null when the entity has
 * no job the caller may read; `activity` is null when the caller may not
 * read the activity (as the activity route would answer 403). @public
 */
export const overviewResponseSchema = z.object({
  jobs: jobsResponseSchema,
  selected: overviewSelectionSchema.nullable(),
  activity: activityPageSchema.nullable(),
});
