import { JenkinsCallKind } from './JenkinsCallRunner';
import {
  buildResourcePath,
  openArtifact,
  readTextPart,
  unless404,
} from './JenkinsBuildResources';
import {
  JenkinsActionAnswer,
  JenkinsFileStream,
  JenkinsRequestContext,
  JenkinsTextPart,
} from './JenkinsGateway';
import { JenkinsTransport } from './JenkinsTransport';

/**
 * The gateway's calls on a build's own resources — Pipeline Graph View's
 * `stages/…`, `restart/…`, `replay/…`, wfapi nodes, artifacts — over the
 * same call runner (identity, deadline, breaker, retries of reads) as every
 * other call of `HttpJenkinsGateway`, which extends it.
 */
export abstract class BuildCalls {
  protected abstract call<T>(
    ctx: JenkinsRequestContext,
    kind: JenkinsCallKind,
    action: string,
    operation: (transport: JenkinsTransport) => Promise<T>,
    refusals?: number[],
  ): Promise<T>;

  getBuildResource(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    path: string,
    query?: Record<string, string>,
  ): Promise<unknown | undefined> {
    return this.call(
      ctx,
      'read',
      `read ${path} of ${fullName} #${buildNumber}`,
      t =>
        unless404(() =>
          t.getJson(buildResourcePath(fullName, buildNumber, path), query),
        ),
    );
  }

  getBuildText(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    path: string,
    options: {
      query?: Record<string, string>;
      skipBytes?: number;
      maxBytes: number;
    },
  ): Promise<JenkinsTextPart | undefined> {
    return this.call(
      ctx,
      'read',
      `read ${path} of ${fullName} #${buildNumber}`,
      t =>
        unless404(() =>
          readTextPart(
            t,
            buildResourcePath(fullName, buildNumber, path),
            options.query ?? {},
            options.skipBytes ?? 0,
            options.maxBytes,
          ),
        ),
    );
  }

  streamArtifact(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    relativePath: string,
  ): Promise<JenkinsFileStream> {
    return this.call(
      ctx,
      'read',
      `download artifact ${relativePath} of ${fullName} #${buildNumber}`,
      t => openArtifact(t, fullName, buildNumber, relativePath),
    );
  }

  postBuildAction(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    path: string,
    form?: Record<string, string>,
    refusals?: number[],
  ): Promise<JenkinsActionAnswer> {
    return this.call(
      ctx,
      'write',
      `${path} of ${fullName} #${buildNumber}`,
      async t => {
        const res = await t.post(
          buildResourcePath(fullName, buildNumber, path),
          form ? { form } : {},
        );
        return { status: res.status, text: res.text.slice(0, 16 * 1024) };
      },
      refusals,
    );
  }
}
