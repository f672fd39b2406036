import {
  pauseOperationSchema,
  replayOperationSchema,
  replayRequestSchema,
  restartOperationSchema,
  restartRequestSchema,
} from '@internal/plugin-jenkins-common';
import { z } from 'zod';
import { Caller } from '../identity/types';
import { AuthorizedPipelineControls } from '../writes/AuthorizedPipelineControls';
import { WriteContext } from '../writes/WriteContext';
import { emptyBody } from './requestTargets';

/** The path of a build, below which its controls are posted. */
export const BUILD_PATH =
  '/v1/entities/:kind/:namespace/:name/jobs/:jobId/builds/:number';

/** The idempotency operations of the pipeline controls. */
export type PipelineControlOperation = 'restart' | 'replay' | 'pause';

/** One control's route: `POST …/builds/:number/<name>`. */
export interface PipelineControlRoute {
  name: string;
  operation: PipelineControlOperation;
  /** The body's schema. */
  body: z.ZodType;
  /** The operation's `-common` schema (path, body and fields together). */
  schema: z.ZodType;
  /** The operation's fields from the parsed body. */
  fields(body: any): Record<string, unknown>;
  status: number;
  run(caller: Caller, operation: any, context: WriteContext): Promise<any>;
}

/**
 * Restart from a stage (202, `StartedBuildResponse`), rerun/replay (202)
 * and pause/resume (200, `ActionResponse`), each run by the write routes'
 * pipeline: JSON body only, parsed with `-common` schemas, once per
 * `Idempotency-Key`, as the person. None without the service.
 */
export function pipelineControlRoutes(
  controls: AuthorizedPipelineControls | undefined,
): PipelineControlRoute[] {
  if (!controls) {
    return [];
  }
  const pause = (action: 'pause' | 'resume'): PipelineControlRoute => ({
    name: action,
    operation: 'pause',
    body: emptyBody,
    schema: pauseOperationSchema,
    fields: () => ({ action }),
    status: 200,
    run: (caller, op, context) => controls.pause(caller, op, context),
  });
  return [
    {
      name: 'restart',
      operation: 'restart',
      body: restartRequestSchema,
      schema: restartOperationSchema,
      fields: body => body,
      status: 202,
      run: (caller, op, context) => controls.restart(caller, op, context),
    },
    {
      name: 'replay',
      operation: 'replay',
      body: replayRequestSchema,
      schema: replayOperationSchema,
      fields: body => body,
      status: 202,
      run: (caller, op, context) => controls.replay(caller, op, context),
    },
    pause('pause'),
    pause('resume'),
  ];
}
