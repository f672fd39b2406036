/**
 * The scenario file format (YAML or an inline object), validated with zod.
 */
import { z } from 'zod';
import { notificationEndpointSchema } from '../notify/endpointSchema';

const resultSchema = z.enum(['SUCCESS', 'UNSTABLE', 'FAILURE']);

/** A build parameter definition, as Jenkins' `ParameterDefinition` subclasses. */
export const parameterSchema = z.strictObject({
  name: z.string().min(1),
  type: z.enum(['string', 'text', 'boolean', 'choice', 'password']),
  default: z.union([z.string(), z.boolean()]).optional(),
  choices: z.array(z.string()).min(1).optional(),
  description: z.string().default(''),
});

const inputSchema = z.strictObject({
  id: z.string().min(1),
  message: z.string(),
  /** Comma-separated user ids or group names, as the `input` step's `submitter`. */
  submitter: z.string().optional(),
  ok: z.string().default('Proceed'),
});

/** One stage of a pipeline (or the single step of a freestyle job). */
export const stageSchema = z.strictObject({
  name: z.string().min(1),
  durationSeconds: z.number().nonnegative(),
  result: resultSchema.default('SUCCESS'),
  input: inputSchema.optional(),
  log: z.array(z.string()).default([]),
});

const testsSchema = z.strictObject({
  total: z.number().int().nonnegative(),
  suite: z.string().default('com.example.AppTest'),
  /** Case names that fail in failing/unstable builds (`Class#method` or `method`). */
  failingCases: z.array(z.string()).default([]),
});

const historySchema = z.strictObject({
  count: z.number().int().nonnegative(),
  seed: z.union([z.number(), z.string()]).default(1),
  failureRate: z.number().min(0).max(1).default(0.1),
  unstableRate: z.number().min(0).max(1).default(0.05),
  abortedRate: z.number().min(0).max(1).default(0),
  intervalMinutes: z.number().positive().default(90),
  /** Causes to pick from: `timer`, `scm`, `branch-indexing`, `user:<id>`. */
  causes: z.array(z.string()).default(['scm']),
  /** Values to pick from per parameter; others take their default. */
  parameterValues: z.record(z.string(), z.array(z.string())).default({}),
  /** Who answered input steps in generated history. */
  inputApprover: z.string().default('admin'),
});

const gitSchema = z.strictObject({
  remote: z.string(),
  branch: z.string().default('main'),
});

/**
 * Starts builds periodically so demos look alive. Only with the real clock:
 * on a virtual clock nothing starts unless a test asks for it.
 */
const triggerSchema = z.strictObject({
  everyMinutes: z.number().positive(),
  cause: z.enum(['timer', 'scm']).default('scm'),
});

const jobCommon = {
  name: z.string().min(1),
  description: z.string().default(''),
  disabled: z.boolean().default(false),
  concurrentBuild: z.boolean().optional(),
  parameters: z.array(parameterSchema).default([]),
  stages: z.array(stageSchema).default([]),
  tests: testsSchema.optional(),
  git: gitSchema.optional(),
  history: historySchema.optional(),
  trigger: triggerSchema.optional(),
  /**
   * Notification-plugin endpoints (`HudsonNotificationProperty`); on a
   * multibranch project they apply to every branch job, as a Jenkinsfile's
   * `properties([...])` does.
   */
  notifications: z.array(notificationEndpointSchema).default([]),
};

const branchSchema = z.strictObject({
  name: z.string().min(1),
  history: historySchema.optional(),
  stages: z.array(stageSchema).optional(),
  trigger: triggerSchema.optional(),
});

/** A job or multibranch project; `name` is the full name (`folder/job`). */
export const jobSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('freestyle'), ...jobCommon }),
  z.strictObject({ type: z.literal('pipeline'), ...jobCommon }),
  z.strictObject({
    type: z.literal('multibranch'),
    ...jobCommon,
    branches: z.array(branchSchema).default([]),
    /** Generates many branches cheaply, e.g. for benchmarks. */
    generatedBranches: z
      .strictObject({
        count: z.number().int().nonnegative(),
        /** `{i}` is replaced by the branch index. */
        namePattern: z.string().default('feature/branch-{i}'),
        history: historySchema.optional(),
      })
      .optional(),
  }),
]);

const userSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
  groups: z.array(z.string()).default([]),
  apiTokens: z.array(z.string()).default([]),
});

/** Permission names as the role-strategy UI shows them. */
export const permissionSchema = z.enum([
  'Overall/Administer',
  'Overall/Read',
  'Job/Discover',
  'Job/Read',
  'Job/Build',
  'Job/Cancel',
  'Job/Configure',
  'Run/Update',
]);

const assignmentFields = {
  name: z.string().min(1),
  permissions: z.array(permissionSchema),
  users: z.array(z.string()).default([]),
  /** Group names; `authenticated` matches every authenticated user. */
  groups: z.array(z.string()).default([]),
};

/** JWT realm settings, mirroring the jwt-auth plugin's configuration. */
export const jwtRealmSchema = z.strictObject({
  jwksUrl: z.string().optional(),
  acceptedIssuer: z.string().optional(),
  acceptedAudience: z.string().optional(),
  userClaim: z.string().default('email'),
  groupsClaim: z.string().default('groups'),
  groupsClaimSeparator: z.string().default(','),
  emailClaim: z.string().optional(),
  fullNameClaim: z.string().optional(),
  leewaySeconds: z.number().nonnegative().default(0),
});

/** Which authentication paths are active. */
export const realmSchema = z.strictObject({
  basic: z.boolean().default(true),
  jwt: jwtRealmSchema.nullable().default(null),
  proxyHeaders: z
    .strictObject({ enabled: z.boolean().default(false) })
    .default({
      enabled: false,
    }),
  crumbs: z.boolean().default(true),
});

/** A whole scenario. */
export const scenarioSchema = z.strictObject({
  name: z.string().default('inline'),
  jenkinsVersion: z.string().default('2.504.3'),
  /**
   * `sorted` lists folder items by name ignoring case, as Jenkins' item maps
   * do; `declared` keeps the scenario's order.
   */
  itemOrder: z.enum(['sorted', 'declared']).default('sorted'),
  /** ISO time of the simulated "now" at load; defaults to the wall clock. */
  startTime: z.string().optional(),
  realm: realmSchema.default({
    basic: true,
    jwt: null,
    proxyHeaders: { enabled: false },
    crumbs: true,
  }),
  queue: z
    .strictObject({
      quietPeriodSeconds: z.number().nonnegative().default(5),
      executors: z.number().int().positive().default(2),
    })
    .default({ quietPeriodSeconds: 5, executors: 2 }),
  /** Global environment variables (Manage Jenkins → System → Global properties). */
  environment: z.record(z.string(), z.string()).default({}),
  users: z.array(userSchema).default([]),
  roles: z
    .strictObject({
      global: z.array(z.strictObject(assignmentFields)).default([]),
      items: z
        .array(
          z.strictObject({
            ...assignmentFields,
            /** Regex matched against the item's full name, anchored (Java `matches()`). */
            pattern: z.string(),
          }),
        )
        .default([]),
    })
    .default({ global: [], items: [] }),
  folders: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        description: z.string().default(''),
      }),
    )
    .default([]),
  jobs: z.array(jobSchema).default([]),
});

/** A scenario as written (before defaults). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario with defaults applied. */
export type Scenario = z.output<typeof scenarioSchema>;
/** A validated job definition. */
export type JobDefinition = z.output<typeof jobSchema>;
/** A validated stage plan. */
export type StageDefinition = z.output<typeof stageSchema>;
/** A validated history definition. */
export type HistoryDefinition = z.output<typeof historySchema>;
/** Realm settings. */
export type RealmSettings = z.output<typeof realmSchema>;
/** JWT realm settings. */
export type JwtRealmSettings = z.output<typeof jwtRealmSchema>;
/** A role-strategy permission name. */
export type PermissionName = z.output<typeof permissionSchema>;
