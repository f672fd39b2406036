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

/** One step of a stage (`sh`, `echo`, `junit`…). */
export const stepSchema = z.strictObject({
  /** The step's arguments as Pipeline Graph View shows them, e.g. `./gradlew test`. */
  name: z.string().min(1),
  /** The step's display name (`StepDescriptor.getDisplayName`). */
  type: z.string().default('Shell Script'),
  durationSeconds: z.number().nonnegative(),
  result: resultSchema.default('SUCCESS'),
  log: z.array(z.string()).default([]),
  /** The failure message when it fails. */
  error: z.string().optional(),
  /** A `post { always { … } }` step: it runs even after an earlier step failed. */
  always: z.boolean().optional(),
});

const stageFields = {
  name: z.string().min(1),
  /** Ignored (derived) for a stage with `parallel` or `stages`. */
  durationSeconds: z.number().nonnegative().default(0),
  result: resultSchema.default('SUCCESS'),
  input: inputSchema.optional(),
  log: z.array(z.string()).default([]),
  /** Explicit steps; without them the stage runs one `sh` step printing `log`. */
  steps: z.array(stepSchema).optional(),
  /** `agent { label '…' }` of the stage. */
  agent: z.string().optional(),
  /** Seconds its `node` waits in the queue ("Waiting for next available executor on ‘label’"). */
  queuedSeconds: z.number().nonnegative().optional(),
  /** `when` evaluates false: the stage is skipped for conditional. */
  when: z.boolean().optional(),
  /** Failure message of the failing step (default `script returned exit code 1`). */
  error: z.string().optional(),
};

/** A stage definition as validated (recursive). */
export interface StageDefinition {
  name: string;
  durationSeconds: number;
  result: 'SUCCESS' | 'UNSTABLE' | 'FAILURE';
  input?: z.output<typeof inputSchema>;
  log: string[];
  steps?: Array<z.output<typeof stepSchema>>;
  agent?: string;
  queuedSeconds?: number;
  when?: boolean;
  error?: string;
  parallel?: StageDefinition[];
  stages?: StageDefinition[];
}

/** A stage definition as written (before defaults). */
export interface StageInput {
  name: string;
  durationSeconds?: number;
  result?: 'SUCCESS' | 'UNSTABLE' | 'FAILURE';
  input?: z.input<typeof inputSchema>;
  log?: string[];
  steps?: Array<z.input<typeof stepSchema>>;
  agent?: string;
  queuedSeconds?: number;
  when?: boolean;
  error?: string;
  parallel?: StageInput[];
  stages?: StageInput[];
}

/**
 * One stage of a pipeline (or the single step of a freestyle job), with
 * `parallel` branches (`parallel { stage('unit') {…} … }`) or nested
 * sequential `stages`.
 */
export const stageSchema: z.ZodType<StageDefinition, StageInput> = z.lazy(() =>
  z.strictObject({
    ...stageFields,
    parallel: z.array(stageSchema).optional(),
    stages: z.array(stageSchema).optional(),
  }),
);

const changeSchema = z.strictObject({
  /** A scenario user id (name and e-mail taken from `users`) or a free name. */
  author: z.string().min(1),
  /** Overrides the user's e-mail. */
  email: z.string().optional(),
  message: z.string().min(1),
  commitId: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
  /** Minutes before the build started. */
  minutesBefore: z.number().nonnegative().default(30),
  paths: z
    .array(
      z.union([
        z.string(),
        z.strictObject({
          file: z.string(),
          editType: z.enum(['add', 'edit', 'delete']).default('edit'),
        }),
      ]),
    )
    .default([]),
});

const artifactSchema = z.strictObject({
  /** Path relative to the workspace, e.g. `build/libs/app.jar`. */
  path: z.string().min(1),
  /** Text content; `${BUILD_NUMBER}` is expanded. */
  content: z.string().optional(),
  /** Generated filler content of this many bytes (when no `content`). */
  size: z.number().int().nonnegative().optional(),
  onlyIfSuccessful: z.boolean().default(false),
});

/**
 * A pinned build: overrides one build of the generated history, for tests
 * and demos that need a known build.
 */
const pinnedBuildSchema = z.strictObject({
  number: z.number().int().positive(),
  /**
   * Stage path of the failing step, `Test/contract` (top-level stage, then
   * nested stage or branch names); omit for a successful build.
   */
  failAt: z.string().optional(),
  /** Like `failAt`, but the build ends UNSTABLE. */
  unstableAt: z.string().optional(),
  /** The failing step's message (default `script returned exit code 1`). */
  error: z.string().optional(),
  /** Lines the failing step prints before it fails. */
  failLog: z.array(z.string()).default([]),
  /** `timer`, `scm`, `branch-indexing`, `user:<id>`, `upstream:<job full name>#<n>`. */
  causes: z.array(z.string()).optional(),
  changes: z.array(changeSchema).default([]),
  artifacts: z.array(artifactSchema).default([]),
  script: z.string().optional(),
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
  /** The Jenkinsfile; generated from the stages (Declarative) when omitted. */
  script: z.string().optional(),
  /** A Declarative Pipeline (restart from stage); `false` for a Scripted one. */
  declarative: z.boolean().default(true),
  /** `options { disableRestartFromStage() }`. */
  disableRestartFromStage: z.boolean().default(false),
  /** Whether the script runs in the Groovy sandbox (non-sandboxed replay needs Overall/Administer). */
  sandbox: z.boolean().default(true),
  /** Artifacts every completed build archives. */
  artifacts: z.array(artifactSchema).default([]),
  /** Pinned builds overriding the generated history. */
  builds: z.array(pinnedBuildSchema).default([]),
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
  /** Pinned builds of this branch (the project's `builds` are not inherited). */
  builds: z.array(pinnedBuildSchema).default([]),
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
  'Run/Replay',
  'Run/Artifacts',
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
  /**
   * Installed plugins that can be switched off: without Pipeline Graph View
   * every `…/N/stages/…` URL is a 404 (clients fall back to `wfapi`).
   */
  plugins: z
    .strictObject({ pipelineGraphView: z.boolean().default(true) })
    .default({ pipelineGraphView: true }),
  /**
   * The `hudson.security.ArtifactsPermission` system property: when true,
   * downloading artifacts needs Run/Artifacts (else Job/Read is enough).
   */
  artifactsPermission: z.boolean().default(false),
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
/** A validated step. */
export type StepDefinition = z.output<typeof stepSchema>;
/** A validated pinned build. */
export type PinnedBuildDefinition = z.output<typeof pinnedBuildSchema>;
/** A validated artifact definition. */
export type ArtifactDefinition = z.output<typeof artifactSchema>;
/** A validated history definition. */
export type HistoryDefinition = z.output<typeof historySchema>;
/** Realm settings. */
export type RealmSettings = z.output<typeof realmSchema>;
/** JWT realm settings. */
export type JwtRealmSettings = z.output<typeof jwtRealmSchema>;
/** A role-strategy permission name. */
export type PermissionName = z.output<typeof permissionSchema>;
