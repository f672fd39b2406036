import { Config } from '@backstage/config';

/** What a build description template may name. */
export interface BuildDescriptionContext {
  /** e.g. `user:default/alice`. */
  userRef: string;
  /** The Jenkins user the build was started as. */
  jenkinsUser: string;
  displayName: string;
  /** e.g. `component:default/payments-service`. */
  entityRef: string;
  /** The entity's owners, comma-separated entity refs. */
  owner: string;
  /** The entity's system as an entity ref, or `none`. */
  system: string;
  requestId: string;
}

const PLACEHOLDERS: Array<keyof BuildDescriptionContext> = [
  'userRef',
  'jenkinsUser',
  'displayName',
  'entityRef',
  'owner',
  'system',
  'requestId',
];

/** Default of `jenkins.buildDescriptionTemplate`. */
export const DEFAULT_BUILD_DESCRIPTION_TEMPLATE =
  'Started from Backstage by {{displayName}} ({{userRef}}) for {{entityRef}}; owner {{owner}}, system {{system}}; request {{requestId}}';

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/**
 * Reads `jenkins.buildDescriptionTemplate`; refuses unknown placeholders at
 * startup rather than writing them into every build.
 */
export function readBuildDescriptionTemplate(config: Config): string {
  const template =
    config.getOptionalString('jenkins.buildDescriptionTemplate') ??
    DEFAULT_BUILD_DESCRIPTION_TEMPLATE;
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!PLACEHOLDERS.includes(name as keyof BuildDescriptionContext)) {
      throw new Error(
        `Unknown placeholder {{${name}}} in jenkins.buildDescriptionTemplate; use ${PLACEHOLDERS.map(
          p => `{{${p}}}`,
        ).join(', ')}`,
      );
    }
  }
  return template;
}

/** Fills the template's `{{placeholders}}`. */
export function renderBuildDescription(
  template: string,
  context: BuildDescriptionContext,
): string {
  return template.replace(PLACEHOLDER, (match, name: string) =>
    PLACEHOLDERS.includes(name as keyof BuildDescriptionContext)
      ? context[name as keyof BuildDescriptionContext]
      : match,
  );
}
