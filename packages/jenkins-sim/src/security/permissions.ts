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
  // workflow-cps ReplayAction.REPLAY = new Permission(Run.PERMISSIONS, "Replay", …, Item.CONFIGURE, RUN)
  'Run/Replay': 'hudson.model.Run.Replay',
  // core Run.ARTIFACTS (enabled only with -Dhudson.security.ArtifactsPermission=true)
  'Run/Artifacts': 'hudson.model.Run.Artifacts',
};

const GENERIC_READ = 'hudson.security.Permission.GenericRead';
const GENERIC_WRITE = 'hudson.security.Permission.GenericWrite';
const GENERIC_UPDATE = 'hudson.security.Permission.GenericUpdate';
const GENERIC_CONFIGURE = 'hudson.security.Permission.GenericConfigure';
const ADMINISTER = PERMISSION_IDS['Overall/Administer'];

/**
 * Each permission's `impliedBy` chain (core `Permission`, `Item`, `Run`,
 * `Jenkins`), which `AccessDeniedException3.reportAsHeaders` writes as one
 * `X-Permission-Implied-By` header per link.
 */
export const IMPLIED_BY_CHAIN: Record<PermissionName, string[]> = {
  'Overall/Administer': [],
  'Overall/Read': [GENERIC_READ, ADMINISTER],
  'Job/Discover': [PERMISSION_IDS['Job/Read'], GENERIC_READ, ADMINISTER],
  'Job/Read': [GENERIC_READ, ADMINISTER],
  'Job/Build': [GENERIC_UPDATE, GENERIC_WRITE, ADMINISTER],
  'Job/Cancel': [GENERIC_UPDATE, GENERIC_WRITE, ADMINISTER],
  'Job/Configure': [
    GENERIC_CONFIGURE,
    GENERIC_UPDATE,
    GENERIC_WRITE,
    ADMINISTER,
  ],
  'Run/Update': [GENERIC_UPDATE, GENERIC_WRITE, ADMINISTER],
  'Run/Replay': [
    PERMISSION_IDS['Job/Configure'],
    GENERIC_CONFIGURE,
    GENERIC_UPDATE,
    GENERIC_WRITE,
    ADMINISTER,
  ],
  // Run.ARTIFACTS has no impliedBy (only Administer, which implies everything).
  'Run/Artifacts': [],
};

/**
 * Which grantable permission implies which (role-strategy
 * `RoleMap.getImplyingPermissions` walks the `impliedBy` chain above; the
 * generic links cannot be granted, and Administer implies all). Job/Configure
 * does not imply Run/Update: `Run.UPDATE` is implied by `Permission.UPDATE`.
 */
export const IMPLIED_BY: Partial<Record<PermissionName, PermissionName>> = {
  'Job/Discover': 'Job/Read',
  'Run/Replay': 'Job/Configure',
};
