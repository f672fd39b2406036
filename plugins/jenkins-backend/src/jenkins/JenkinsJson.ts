import { z } from 'zod';
import { JenkinsBadResponseError } from './JenkinsErrors';

/**
 * The parts of Jenkins' JSON the plugin reads, as zod schemas checked at
 * the gateway boundary: every answer is parsed before anything maps it, so
 * JSON of the wrong shape (`builds` a string, a build without `number`)
 * is a 502 naming the instance, never a TypeError and a 500 further in.
 * Jenkins omits fields a `tree=` does not ask for and exports unset ones as
 * `null`, so fields are optional and `null` reads as absent, except where
 * `null` means something (a running build's `result`); unknown fields pass.
 */

/** Optional, and `null` (an unset getter in Jenkins' export) reads as absent. */
function opt<T extends z.ZodType>(schema: T) {
  return schema
    .nullish()
    .transform(value => (value === null ? undefined : value))
    .optional();
}

/** A list whose elements Jenkins may export as `null`. */
function listOf<T extends z.ZodType>(schema: T) {
  return opt(z.array(schema.nullable()));
}

const rawCauseSchema = z.looseObject({
  _class: opt(z.string()),
  shortDescription: opt(z.string()),
  userId: z.string().nullish(),
  userName: z.string().nullish(),
});

const rawParameterValueSchema = z.looseObject({
  _class: opt(z.string()),
  name: opt(z.string()),
  value: z.unknown().optional(),
});

const rawActionSchema = z.looseObject({
  _class: opt(z.string()),
  causes: opt(z.array(rawCauseSchema)),
  lastBuiltRevision: opt(
    z.looseObject({
      SHA1: opt(z.string()),
      branch: opt(z.array(z.looseObject({ name: opt(z.string()) }))),
    }),
  ),
  failCount: opt(z.number()),
  skipCount: opt(z.number()),
  totalCount: opt(z.number()),
  parameters: opt(z.array(rawParameterValueSchema)),
});

/** A build, in a list or on its own: never without its number. */
export const rawBuildSchema = z.looseObject({
  number: z.number().int(),
  displayName: opt(z.string()),
  url: opt(z.string()),
  result: z.string().nullish(),
  building: opt(z.boolean()),
  inProgress: opt(z.boolean()),
  timestamp: opt(z.number()),
  duration: opt(z.number()),
  estimatedDuration: opt(z.number()),
  description: z.string().nullish(),
  queueId: opt(z.number()),
  actions: listOf(rawActionSchema),
});

const rawParameterDefinitionSchema = z.looseObject({
  _class: opt(z.string()),
  name: opt(z.string()),
  description: z.string().nullish(),
  type: opt(z.string()),
  choices: opt(z.array(z.string())),
  defaultParameterValue: z
    .looseObject({ _class: opt(z.string()), value: z.unknown().optional() })
    .nullish(),
});

const jobFields = {
  _class: opt(z.string()),
  name: opt(z.string()),
  fullName: opt(z.string()),
  displayName: opt(z.string()),
  url: opt(z.string()),
  buildable: opt(z.boolean()),
  color: opt(z.string()),
  inQueue: opt(z.boolean()),
  property: listOf(
    z.looseObject({
      parameterDefinitions: opt(z.array(rawParameterDefinitionSchema)),
    }),
  ),
  lastBuild: rawBuildSchema.nullish(),
  builds: opt(z.array(rawBuildSchema)),
  allBuilds: opt(z.array(rawBuildSchema)),
};

/** A job; `jobs` holds a folder's or a multibranch job's items. */
export const rawJobSchema = z.looseObject({
  ...jobFields,
  jobs: opt(z.array(z.looseObject(jobFields))),
});

const rawStageSchema = z.looseObject({
  // wfapi exports node ids as strings; a number is the same id.
  id: opt(z.union([z.string(), z.number()])),
  name: opt(z.string()),
  status: opt(z.string()),
  startTimeMillis: opt(z.number()),
  durationMillis: opt(z.number()),
  error: opt(
    z.looseObject({ message: opt(z.string()), type: opt(z.string()) }),
  ),
});

/** `wfapi/describe`. */
export const rawRunDescriptionSchema = z.looseObject({
  status: opt(z.string()),
  stages: opt(z.array(rawStageSchema)),
});

const rawPendingInputSchema = z.looseObject({
  id: opt(z.string()),
  message: opt(z.string()),
  proceedText: opt(z.string()),
  abortText: opt(z.string()),
  inputs: opt(z.array(rawParameterDefinitionSchema)),
});

/** `wfapi/pendingInputActions`: a list, empty when nothing waits. */
export const rawPendingInputsSchema = z.array(rawPendingInputSchema);

/** `testReport/api/json`. */
export const rawTestReportSchema = z.looseObject({
  failCount: opt(z.number()),
  suites: opt(
    z.array(
      z.looseObject({
        // Where the suite was recorded is extra: an odd value is dropped
        // rather than failing the whole report.
        /** The junit step's flow node; null outside Pipeline. */
        nodeId: z.string().nullish().catch(undefined),
        /** Enclosing stage and parallel branch nodes, innermost first. */
        enclosingBlocks: z.array(z.string()).optional().catch(undefined),
        cases: opt(
          z.array(
            z.looseObject({
              className: opt(z.string()),
              name: opt(z.string()),
              status: opt(z.string()),
              errorDetails: z.string().nullish(),
            }),
          ),
        ),
      }),
    ),
  ),
});

/** `queue/item/N/api/json`. */
export const rawQueueItemSchema = z.looseObject({
  _class: opt(z.string()),
  id: opt(z.number()),
  why: z.string().nullish(),
  cancelled: opt(z.boolean()),
  blocked: opt(z.boolean()),
  buildable: opt(z.boolean()),
  task: z
    .looseObject({ name: opt(z.string()), url: opt(z.string()) })
    .nullish(),
  executable: z
    .looseObject({ number: z.number().int(), url: opt(z.string()) })
    .nullish(),
});

/** `queue/api/json`: the items waiting. */
export const rawQueueSchema = z.looseObject({
  items: opt(z.array(rawQueueItemSchema)),
});

export type RawCause = z.output<typeof rawCauseSchema>;
export type RawAction = z.output<typeof rawActionSchema>;
export type RawBuild = z.output<typeof rawBuildSchema>;
export type RawParameterDefinition = z.output<
  typeof rawParameterDefinitionSchema
>;
export type RawJob = z.output<typeof rawJobSchema>;
export type RawStage = z.output<typeof rawStageSchema>;
export type RawRunDescription = z.output<typeof rawRunDescriptionSchema>;
export type RawPendingInput = z.output<typeof rawPendingInputSchema>;
export type RawTestReport = z.output<typeof rawTestReportSchema>;
export type RawQueueItem = z.output<typeof rawQueueItemSchema>;
export type RawQueue = z.output<typeof rawQueueSchema>;

/**
 * Parses an answer of Jenkins with its schema; JenkinsBadResponseError
 * saying what was wrong where, e.g. "`builds` is a string, not a list"
 * (the gateway adds the instance and the call).
 */
export function parseJenkinsJson<T extends z.ZodType>(
  schema: T,
  value: unknown,
): z.output<T> {
  if (Buffer.isBuffer(value)) {
    // The client hands over what it could not read as JSON as bytes.
    throw new JenkinsBadResponseError('the answer is not JSON');
  }
  const result = schema.safeParse(value);
  if (result.success) {
    return result.data;
  }
  const issue = result.error.issues[0];
  throw new JenkinsBadResponseError(describeIssue(issue, value));
}

/** Each answer the gateway reads, parsed; `undefined` (there is none) passes. */
export const parseJob = (value: unknown) =>
  parseJenkinsJson(rawJobSchema, value);
export const parseBuild = (value: unknown) =>
  parseJenkinsJson(rawBuildSchema, value);
export const parseRunDescription = (value: unknown) =>
  value === undefined
    ? undefined
    : parseJenkinsJson(rawRunDescriptionSchema, value);
export const parsePendingInputs = (value: unknown) =>
  parseJenkinsJson(rawPendingInputsSchema, value);
export const parseTestReport = (value: unknown) =>
  value === undefined
    ? undefined
    : parseJenkinsJson(rawTestReportSchema, value);
export const parseQueueItem = (value: unknown) =>
  parseJenkinsJson(rawQueueItemSchema, value);
export const parseQueue = (value: unknown) =>
  parseJenkinsJson(rawQueueSchema, value);

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const where = issue.path.length
    ? `\`${pathText(issue.path)}\``
    : 'the answer';
  if (issue.code === 'invalid_type') {
    const received = valueAt(value, issue.path);
    return received === undefined
      ? `${where} is missing (expected ${article(issue.expected)})`
      : `${where} is ${kindOf(received)}, not ${article(issue.expected)}`;
  }
  return `${where}: ${issue.message}`;
}

/** `builds[0].number`, as one would write it in JavaScript. */
function pathText(path: PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      return i ? `.${String(key)}` : String(key);
    })
    .join('');
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let current: any = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = current[key as any];
  }
  return current;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return article(typeof value);
}

function article(type: string): string {
  switch (type) {
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
    case 'int':
      return 'an integer';
    default:
      return `a ${type}`;
  }
}
