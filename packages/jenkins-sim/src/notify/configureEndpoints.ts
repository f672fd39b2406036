import { z } from 'zod';
import type { JobTree } from '../model/JobTree';
import { isJob, JobItem } from '../model/types';
import { formatIssues } from '../scenario/loadScenario';
import type { Scenario } from '../scenario/scenarioSchema';
import {
  NotificationEndpoint,
  notificationEndpointSchema,
} from './endpointSchema';
import type { Notifier } from './Notifier';

/** The jobs a name stands for: the job, or every branch job of a multibranch project. */
export function jobsNamed(tree: JobTree, name: string): JobItem[] {
  const item = tree.find(name);
  if (item && isJob(item)) return [item];
  if (item?.kind === 'multibranch') {
    return [...item.children.values()].filter(isJob);
  }
  throw new Error(
    item
      ? `'${name}' is a folder; endpoints belong to a job or a multibranch project`
      : `No job '${name}'`,
  );
}

/** Applies the scenario's per-job `notifications`. */
export function applyScenarioEndpoints(
  scenario: Scenario,
  tree: JobTree,
  notifier: Notifier,
) {
  for (const def of scenario.jobs) {
    if (def.notifications.length === 0) continue;
    for (const job of jobsNamed(tree, def.name)) {
      notifier.setEndpoints(job, def.notifications);
    }
  }
}

const endpointListSchema = z.array(notificationEndpointSchema).max(20);

/** Validates endpoints given through the control API; the error names each bad field. */
export function parseEndpoints(input: unknown): NotificationEndpoint[] {
  const parsed = endpointListSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(
      `Invalid endpoints: ${formatIssues(parsed.error).join('; ')}`,
    );
  }
  return parsed.data;
}
