import { itemPath } from '../export/urls';
import type { Build } from '../model/types';

/**
 * The part of `Run#getEnvironment` an endpoint URL can use: the controller's
 * global environment variables (Manage Jenkins → System → Global
 * properties), core's `BUILD_NUMBER`, `BUILD_ID`, `JOB_NAME`,
 * `JOB_BASE_NAME`, `JENKINS_URL`, `JOB_URL`, `BUILD_URL`, branch-api's
 * `BRANCH_NAME` for branch jobs, and the build's parameters.
 */
export function buildEnvironment(
  build: Build,
  global: Record<string, string>,
  rootUrl?: string,
): Record<string, string> {
  const env: Record<string, string> = { ...global };
  env.BUILD_NUMBER = String(build.number);
  env.BUILD_ID = String(build.number);
  env.JOB_NAME = build.job.fullName;
  env.JOB_BASE_NAME = build.job.name;
  if (rootUrl) {
    env.JENKINS_URL = `${rootUrl}/`;
    env.JOB_URL = `${rootUrl}/${itemPath(build.job)}`;
    env.BUILD_URL = `${rootUrl}/${itemPath(build.job)}${build.number}/`;
  }
  if (build.job.parent?.kind === 'multibranch') {
    env.BRANCH_NAME = build.job.displayName;
  }
  for (const p of build.parameters) env[p.name] = String(p.value);
  return env;
}

/**
 * `EnvVars#expand` → `Util.replaceMacro`: `$NAME` and `${NAME}` are replaced
 * by their value, `$$` by `$`; unknown variables stay as written.
 */
export function expandVariables(
  text: string,
  env: Record<string, string>,
): string {
  return text.replace(
    /\$([A-Za-z0-9_]+|\{[A-Za-z0-9_.]+\}|\$)/g,
    (whole, key: string) => {
      if (key === '$') return '$';
      const name = key.startsWith('{') ? key.slice(1, -1) : key;
      return Object.prototype.hasOwnProperty.call(env, name)
        ? env[name]
        : whole;
    },
  );
}
