import { IdentityStrategies } from '../identity/IdentityStrategies';
import { PrincipalMapper } from '../identity/PrincipalMapper';
import { CachingJenkinsGateway } from '../jenkins/CachingJenkinsGateway';
import { JobResolver } from '../jobs/JobResolver';
import { JobAuthorizer } from '../permissions/JobAuthorizer';
import { AuthorizedBuildViews } from '../reads/AuthorizedBuildViews';
import { BuildRecordViews } from '../reads/BuildRecordViews';
import { CatalogUserDirectory } from '../reads/CatalogUserDirectory';
import { GraphSourceDetector } from '../reads/GraphSourceDetector';
import { JenkinsReadService } from '../reads/JenkinsReadService';
import { PipelineGraphViews } from '../reads/PipelineGraphViews';
import { AuthorizedPipelineControls } from '../writes/AuthorizedPipelineControls';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import { PipelineControlWrites } from '../writes/PipelineControlWrites';
import { CacheService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The build views' named services, for the adapters. */
export interface BuildViewServices {
  /** A build's stage graph, steps, changes, artifacts, causes; what restart, replay and pause offer. */
  buildViews: AuthorizedBuildViews;
  /** Restart from a stage, rerun/replay, pause/resume: authorized, audited writes. */
  pipelineControls: AuthorizedPipelineControls;
}

/**
 * The build views (stage graph, steps and step logs, changes, artifacts,
 * causes) and the pipeline controls (restart from a stage, rerun/replay,
 * pause/resume), built from the services the composition root made: the
 * same gateway stack, read modes, job resolution, authorizer, write
 * pipeline.
 */
export function createBuildViewServices(options: {
  deps: {
    cache: CacheService;
    catalog: CatalogService;
  };
  gateway: CachingJenkinsGateway;
  jenkinsReads: JenkinsReadService;
  resolver: JobResolver;
  authorizer: JobAuthorizer;
  principals: PrincipalMapper;
  strategies: IdentityStrategies;
  writes: AuthorizedWriteService;
}): BuildViewServices {
  const { deps, gateway, jenkinsReads, principals, strategies } = options;
  const jobReadContext = jenkinsReads.jobReadContext.bind(jenkinsReads);
  const freshState = (instance: string, fullName: string) =>
    gateway.invalidateJob(instance, fullName);
  return {
    buildViews: new AuthorizedBuildViews(
      options.resolver,
      options.authorizer,
      new PipelineGraphViews({
        gateway,
        jobReadContext,
        detector: new GraphSourceDetector(deps.cache),
      }),
      new BuildRecordViews({
        gateway,
        jobReadContext,
        // What Jenkins offers a person (restart, replay, an artifact's
        // bytes) is read as that person, unless reads are `shared`.
        personReadContext: (caller, instance) =>
          jenkinsReads.readContext(caller, instance),
        users: new CatalogUserDirectory(deps.catalog),
      }),
    ),
    pipelineControls: new AuthorizedPipelineControls({
      writes: options.writes,
      jenkins: new PipelineControlWrites({
        gateway,
        principals,
        jenkinsUserOf: (instance, principal) =>
          strategies.jenkinsUserOf(instance, principal),
        beforeStateCheck: freshState,
      }),
    }),
  };
}
