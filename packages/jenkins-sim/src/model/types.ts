/** The simulator's in-memory Jenkins model. */

/** A finished build's result, as `hudson.model.Result` serialises. */
export type BuildResult =
  | 'SUCCESS'
  | 'UNSTABLE'
  | 'FAILURE'
  | 'NOT_BUILT'
  | 'ABORTED';

/** A parameter definition. */
export interface ParameterDef {
  name: string;
  type: 'string' | 'text' | 'boolean' | 'choice' | 'password';
  defaultValue: string | boolean;
  choices?: string[];
  description: string;
}

/** A parameter value recorded on a queue item or a build. */
export interface ParameterValue {
  name: string;
  type: ParameterDef['type'];
  value: string | boolean;
}

/** An input step planned in a stage. */
export interface InputPlan {
  id: string;
  message: string;
  submitter?: string;
  ok: string;
}

/** One step of a stage (`sh`, `echo`, …) as planned. */
export interface StepPlan {
  /** The step's display name (`StepDescriptor.getDisplayName`), e.g. `Shell Script`. */
  displayName: string;
  /** The step's arguments as a string (`ArgumentsAction`), e.g. `./gradlew test`. */
  args: string;
  durationMs: number;
  result: 'SUCCESS' | 'UNSTABLE' | 'FAILURE';
  /** The step's own log lines. */
  log: string[];
  /** The failure message (`ErrorAction`) when it fails. */
  error?: string;
  /**
   * Runs even after an earlier step of the stage failed, as a Declarative
   * `post { always { … } }` step does (e.g. `junit`).
   */
  always?: boolean;
}

/**
 * A stage as planned: how long it runs and how it ends. A stage either runs
 * steps (`steps`, or one synthesized `sh` step printing `log`), or holds
 * nested stages: `parallel` branches or sequential `stages`. For a stage with
 * nested content `durationMs`, `result` and `log` are derived (JobTree).
 */
export interface StagePlan {
  name: string;
  durationMs: number;
  result: 'SUCCESS' | 'UNSTABLE' | 'FAILURE';
  input?: InputPlan;
  log: string[];
  steps?: StepPlan[];
  parallel?: StagePlan[];
  stages?: StagePlan[];
  /** `agent { label '…' }`. */
  agent?: string;
  /** How long the stage's `node` waits for an executor before its steps run. */
  queuedMs?: number;
  /** `when` evaluated false: skipped for conditional. */
  skippedWhen?: boolean;
  /** Set on restarted runs: the stage was skipped because the run restarted at this stage. */
  skippedForRestart?: string;
  /** The failure message of the failing step (default `script returned exit code 1`). */
  error?: string;
}

/** Why a build was started. */
export type BuildCause =
  | { kind: 'user'; userId: string | null; userName: string }
  | { kind: 'timer' }
  | { kind: 'scm' }
  | { kind: 'branch-indexing' }
  | {
      kind: 'upstream';
      upstreamProject: string;
      upstreamBuild: number;
      upstreamUrl: string;
    }
  | { kind: 'restart'; originRunNumber: number; originStage: string }
  | { kind: 'replay'; originalNumber: number; rebuilt: boolean };

/** A git commit of a build's change set (`hudson.plugins.git.GitChangeSet`). */
export interface ChangeEntry {
  commitId: string;
  /** Full commit message; `msg` is its first line. */
  message: string;
  authorName: string;
  authorEmail: string;
  /** Jenkins user id the author maps to (`User.get(fullName)`). */
  authorId: string;
  timestamp: number;
  paths: Array<{ editType: 'add' | 'edit' | 'delete'; file: string }>;
}

/** An archived artifact with its content. */
export interface ArtifactEntry {
  relativePath: string;
  content: Buffer;
  /** `archiveArtifacts onlyIfSuccessful: true`. */
  onlyIfSuccessful?: boolean;
}

/** git-plugin `BuildData` essentials. */
export interface GitRevision {
  remote: string;
  branch: string;
  sha: string;
}

/** A failed junit case. */
export interface FailedCase {
  className: string;
  name: string;
  errorDetails: string;
}

/** junit results of a build. */
export interface TestResults {
  total: number;
  skip: number;
  suite: string;
  failed: FailedCase[];
}

/** The answer (or not) to an input step of one build. */
export interface InputState {
  plan: InputPlan;
  stageIndex: number;
  /** Wall time when it was answered; undefined while pending or not reached. */
  answeredAt?: number;
  outcome?: 'proceed' | 'abort';
  answeredBy?: { id: string; name: string };
  parameters?: Array<{ name: string; value: unknown }>;
}

/** Who a user is, once authenticated. */
export interface Identity {
  id: string;
  fullName: string;
  email?: string;
  groups: string[];
  anonymous: boolean;
}

/** One run of a job. */
export interface Build {
  job: JobItem;
  number: number;
  queueId: number;
  /** When the build left the queue. */
  startTime: number;
  queueDurationMs: number;
  causes: BuildCause[];
  parameters: ParameterValue[];
  git?: GitRevision;
  tests?: TestResults;
  stages: StagePlan[];
  inputs: InputState[];
  description: string | null;
  /** Set once the build completed. */
  result: BuildResult | null;
  endTime: number | null;
  abortedAt?: number;
  abortedBy?: string;
  /** Full log of a completed build, built once. */
  completedLog?: string;
  /** A log set through the control API (`seedBuildLog`), served as is. */
  seededLog?: string;
  /** Step logs replaced by the control API, by flow-node id (finished steps only). */
  seededStepLogs?: Map<string, string>;
  /** The Jenkinsfile this run executed (`CpsFlowExecution.getScript`). */
  script?: string;
  /** git change sets (WorkflowRun `changeSets`). */
  changes?: ChangeEntry[];
  /** Artifacts archived by the run (visible once it completed). */
  artifacts?: ArtifactEntry[];
  /** CPS pauses (`CpsFlowExecution.pause`): the run makes no progress in them. */
  cpsPauses?: Array<{ from: number; to?: number }>;
  /** A Declarative run restarted at this stage of `restartedFrom`. */
  restartedFrom?: { number: number; stage: string };
}

/** Common item fields. */
interface ItemBase {
  name: string;
  fullName: string;
  displayName: string;
  description: string;
  parent: FolderItem | null;
}

/** A folder or a multibranch project. */
export interface FolderItem extends ItemBase {
  kind: 'folder' | 'multibranch';
  /** Keyed by `caseFold(name)`, like Jenkins' case-insensitive item maps. */
  children: Map<string, Item>;
}

/** A freestyle or pipeline job (branch jobs are pipelines). */
export interface JobItem extends ItemBase {
  kind: 'freestyle' | 'pipeline';
  disabled: boolean;
  concurrentBuild: boolean;
  parameters: ParameterDef[];
  stages: StagePlan[];
  git?: { remote: string; branch: string };
  tests?: { total: number; suite: string; failingCases: string[] };
  /** Periodic builds (real clock only). */
  trigger?: { everyMs: number; cause: 'timer' | 'scm' };
  /** A Declarative Pipeline (has `RestartDeclarativePipelineAction`'s model). */
  declarative: boolean;
  /** `options { disableRestartFromStage() }`. */
  disableRestartFromStage: boolean;
  /** Whether the script runs in the Groovy sandbox (replay needs Overall/Administer otherwise). */
  sandbox: boolean;
  /** The job's Jenkinsfile. */
  script: string;
  /** Artifacts every completed run archives (`${BUILD_NUMBER}` expanded in content). */
  artifacts: Array<{
    path: string;
    content: string;
    onlyIfSuccessful: boolean;
  }>;
  /** Builds 1..lastBuildNumber; generated history is materialised on demand. */
  builds: BuildStore;
}

/** Any item in the tree. */
export type Item = FolderItem | JobItem;

/** Stores builds, producing generated history lazily. */
export interface BuildStore {
  /** Highest build number that exists (0 when never built). */
  lastNumber: number;
  /** Changes whenever a build is added or completes; keys derived caches. */
  revision: number;
  get(number: number): Build | undefined;
  add(build: Build): void;
}

/** Whether an item is a job (not a folder or multibranch project). */
export function isJob(item: Item): item is JobItem {
  return item.kind === 'freestyle' || item.kind === 'pipeline';
}
