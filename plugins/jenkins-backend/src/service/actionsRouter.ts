import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { JenkinsContext } from './JenkinsContext';

/** Options of {@link createActionsRouter}. @public */
export interface ActionsRouterOptions {
  context: JenkinsContext;
  httpAuth: HttpAuthService;
}

/**
 * The write API (trigger, rebuild, abort, approve, activity, audit), mounted
 * by `plugin.ts` next to the read router. Placeholder until the write side
 * lands: it owns this file.
 *
 * @public
 */
export async function createActionsRouter(
  _options: ActionsRouterOptions,
): Promise<express.Router> {
  return Router();
}
