import { NotFoundError } from '@backstage/errors';
import {
  BuildGraph,
  Capability,
  GraphStage,
  LogChunk,
  MAX_LOG_CHUNK_BYTES,
  StageSteps,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import {
  parseBuildView,
  rawGraphTreeSchema,
  rawNodeLogSchema,
  rawStageNodeSchema,
  rawStepListSchema,
} from '../jenkins/JenkinsBuildViewsJson';
import {
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { RawBuild, RawRunDescription } from '../jenkins/JenkinsJson';
import { BUILD_STATE_TREE } from '../jenkins/jenkinsTrees';
import { MemoryLru } from '../jenkins/MemoryLru';
import { ResolvedJob } from '../jobs/ResolvedJob';
import {
  failedLeaves,
  hasStage,
  wfapiLogChunk,
  toGraphStages,
  toGraphStep,
  wfapiGraphStages,
  wfapiSteps,
} from './GraphMapper';
import { GraphSourceDetector } from './GraphSourceDetector';

/** The most of a failed stage's error text the graph shows. */
export const MAX_STAGE_ERROR_BYTES = 4096;

/** The most failed stages whose error one graph read asks Jenkins for. */
export const MAX_STAGE_ERRORS = 10;

/** Options of {@link PipelineGraphViews}. */
export interface PipelineGraphViewsOptions {
  gateway: JenkinsGateway;
  /**
   * The context of shared build data (`verified`: after Jenkins confirmed
   * the person may read the job).
   */
  jobReadContext(
    caller: Caller,
    instance: string,
    fullName: string,
  ): Promise<JenkinsRequestContext>;
  detector: GraphSourceDetector;
}

/**
 * A build's pipeline, Jenkins side, for a job already resolved and a read
 * already authorized: the stage graph (Pipeline Graph View where the
 * instance has it, `wfapi` otherwise, learnt once per instance), a stage's
 * steps and a node's log in bounded chunks.
 */
export class PipelineGraphViews {
  /** Failed stages' error texts of finished runs: they never change. */
  private readonly stageErrors = new MemoryLru<string | null>({
    maxEntries: 2000,
    maxBytes: 4 * 1024 * 1024,
  });

  constructor(private readonly options: PipelineGraphViewsOptions) {}

  /** The stage graph; see the class. */
  async graph(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    canReadLogs: Capability,
  ): Promise<BuildGraph> {
    const ctx = await this.context(caller, job);
    const source = await this.graphSource(ctx, job, buildNumber);
    if (source.kind === 'pipeline-graph-view') {
      const stages = toGraphStages(source.tree.data.stages);
      const complete = source.tree.data.complete === true;
      if (canReadLogs.allowed) {
        await this.fillErrors(ctx, job, buildNumber, stages, complete);
      }
      return { source: source.kind, complete, stages, canReadLogs };
    }
    if (source.kind === 'wfapi') {
      return {
        source: 'wfapi',
        complete: !['IN_PROGRESS', 'PAUSED_PENDING_INPUT', 'QUEUED'].includes(
          source.run.status ?? '',
        ),
        stages: wfapiGraphStages(source.run, canReadLogs.allowed),
        canReadLogs,
      };
    }
    await this.requireBuild(ctx, job, buildNumber);
    return { source: 'none', complete: true, stages: [], canReadLogs };
  }

  /** The steps of one stage (or parallel branch). */
  async stageSteps(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    stageId: string,
  ): Promise<StageSteps> {
    const { gateway } = this.options;
    const ctx = await this.context(caller, job);
    const source = await this.graphSource(ctx, job, buildNumber);
    if (source.kind === 'pipeline-graph-view') {
      const stages = toGraphStages(source.tree.data.stages);
      if (!hasStage(stages, stageId)) {
        throw this.noStage(job, buildNumber, stageId);
      }
      const list = await this.steps(ctx, job, buildNumber);
      return {
        source: source.kind,
        stageId,
        complete: list.data.runIsComplete === true,
        steps: (list.data.steps ?? [])
          .filter(step => step.stageId === stageId)
          .map(toGraphStep),
      };
    }
    if (source.kind === 'wfapi') {
      const raw = await gateway.getBuildResource(
        ctx,
        job.fullName,
        buildNumber,
        `execution/node/${stageId}/wfapi/describe`,
      );
      if (raw === undefined) {
        throw this.noStage(job, buildNumber, stageId);
      }
      const node = parseBuildView(rawStageNodeSchema, raw);
      return {
        source: 'wfapi',
        stageId,
        complete: !['IN_PROGRESS', 'PAUSED_PENDING_INPUT', 'QUEUED'].includes(
          source.run.status ?? '',
        ),
        steps: wfapiSteps(node),
      };
    }
    throw this.noStage(job, buildNumber, stageId);
  }

  /**
   * A chunk of one step's (or a whole stage's) log from byte `start`, cut
   * at {@link MAX_LOG_CHUNK_BYTES} like the console log.
   */
  async nodeLog(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    nodeId: string,
    start: number,
  ): Promise<LogChunk> {
    const { gateway } = this.options;
    const ctx = await this.context(caller, job);
    const source = await this.graphSource(ctx, job, buildNumber);
    const state = (await gateway.getBuild(
      ctx,
      job.fullName,
      buildNumber,
      BUILD_STATE_TREE,
    )) as RawBuild;
    const running = state.building === true || state.inProgress === true;
    if (source.kind === 'pipeline-graph-view') {
      const part = await gateway.getBuildText(
        ctx,
        job.fullName,
        buildNumber,
        'stages/log',
        {
          query: { nodeId },
          skipBytes: start,
          maxBytes: MAX_LOG_CHUNK_BYTES,
        },
      );
      if (part === undefined) {
        throw this.noStage(job, buildNumber, nodeId);
      }
      return {
        text: part.text,
        nextStart: part.end,
        more: running && !part.cut,
        hasMore: part.cut,
      };
    }
    if (source.kind === 'wfapi') {
      const raw = await gateway.getBuildResource(
        ctx,
        job.fullName,
        buildNumber,
        `execution/node/${nodeId}/wfapi/log`,
      );
      if (raw === undefined) {
        throw this.noStage(job, buildNumber, nodeId);
      }
      return wfapiLogChunk(
        parseBuildView(rawNodeLogSchema, raw).text ?? '',
        start,
        running,
      );
    }
    throw this.noStage(job, buildNumber, nodeId);
  }

  private context(caller: Caller, job: ResolvedJob) {
    return this.options.jobReadContext(caller, job.instance, job.fullName);
  }

  /**
   * Which source the graph comes from, and its answer: Pipeline Graph View
   * unless the instance is known to lack it, wfapi otherwise; the first
   * build that tells teaches the detector.
   */
  private async graphSource(
    ctx: JenkinsRequestContext,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<
    | {
        kind: 'pipeline-graph-view';
        tree: ReturnType<typeof parseGraphTree>;
      }
    | { kind: 'wfapi'; run: RawRunDescription }
    | { kind: 'none' }
  > {
    const { gateway, detector } = this.options;
    const known = await detector.hasGraphView(job.instance);
    if (known !== false) {
      const tree = await gateway.getBuildResource(
        ctx,
        job.fullName,
        buildNumber,
        'stages/tree',
      );
      if (tree !== undefined) {
        await detector.remember(job.instance, true);
        return { kind: 'pipeline-graph-view', tree: parseGraphTree(tree) };
      }
    }
    const run = (await gateway.getRunDescription(
      ctx,
      job.fullName,
      buildNumber,
    )) as RawRunDescription | undefined;
    if (run === undefined) {
      return { kind: 'none' };
    }
    // A pipeline run without `stages/tree`: the plugin is not installed.
    await detector.remember(job.instance, false);
    return { kind: 'wfapi', run };
  }

  /** Errors of failed stages, from `stages/exceptionText` (bounded). */
  private async fillErrors(
    ctx: JenkinsRequestContext,
    job: ResolvedJob,
    buildNumber: number,
    stages: GraphStage[],
    complete: boolean,
  ): Promise<void> {
    const failed = failedLeaves(stages).slice(0, MAX_STAGE_ERRORS);
    const key = (id: string) =>
      `${job.instance}\n${job.fullName}\n${buildNumber}\n${id}`;
    const unknown = failed.filter(stage => {
      const known = this.stageErrors.get(key(stage.id));
      if (known !== undefined) stage.error = known;
      return known === undefined;
    });
    if (unknown.length === 0) return;
    // The error is the failing step's (its ErrorAction), not the stage's.
    const steps = await this.steps(ctx, job, buildNumber);
    await Promise.all(
      unknown.map(async stage => {
        const step = (steps.data.steps ?? []).find(
          s => s.stageId === stage.id && s.state === 'failure',
        );
        const part = await this.options.gateway.getBuildText(
          ctx,
          job.fullName,
          buildNumber,
          'stages/exceptionText',
          {
            query: { nodeId: step?.id ?? stage.id },
            maxBytes: MAX_STAGE_ERROR_BYTES,
          },
        );
        const text = part?.text.trim() || null;
        stage.error = text;
        if (complete) {
          this.stageErrors.set(key(stage.id), text, (text?.length ?? 0) + 64);
        }
      }),
    );
  }

  /** `stages/allSteps`: kept once the run has completed. */
  private async steps(
    ctx: JenkinsRequestContext,
    job: ResolvedJob,
    buildNumber: number,
  ) {
    return parseBuildView(
      rawStepListSchema,
      await this.options.gateway.getBuildResource(
        ctx,
        job.fullName,
        buildNumber,
        'stages/allSteps',
      ),
    );
  }

  /** The build's state; 404 (Jenkins' own answer) when it does not exist. */
  private async requireBuild(
    ctx: JenkinsRequestContext,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<RawBuild> {
    return (await this.options.gateway.getBuild(
      ctx,
      job.fullName,
      buildNumber,
      BUILD_STATE_TREE,
    )) as RawBuild;
  }

  private noStage(job: ResolvedJob, buildNumber: number, id: string) {
    return new NotFoundError(
      `Build #${buildNumber} of ${job.fullName} has no stage or step ${id}`,
    );
  }
}

function parseGraphTree(value: unknown) {
  return parseBuildView(rawGraphTreeSchema, value);
}
