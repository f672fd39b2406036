import type { PermissionName } from '../scenario/scenarioSchema';

/** Jenkins' permission ids, as reported in `X-Required-Permission`. */
export const PERMISSION_IDS: Record<PermissionName, string> = {
  'Overall/Administer': 'hudson.model.Hudson.Administer',
  'Overall/Read': 'hudson.model.Hudson.Read',
  'Job/Discover': 'hudson.model.Item.Discover',
  'Job/Read': 'hudson.model.Item.Read',
  'Job/Build': 'hudson.model.Item.Build',
  'Job/Cancel': 'hudson.model.Item.Cancel',
  'Job/Configure': 'hudson.model.Item.Configure',
  'Run/Update': 'hudson.model.Run.Update',
};

/** Which permission implies which (`Permission.impliedBy`); Administer implies all. */
export const IMPLIED_BY: Partial<Record<PermissionName, PermissionName>> = {
  'Job/Discover': 'Job/Read',
  'Run/Update': 'Job/Configure',
};
