import { CompoundEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { BuildDetail } from '@internal/plugin-jenkins-common';
import { JobTarget } from '../../jobTarget';

/** Which log the Pipeline section shows: a stage's, a step's, or the first failed stage's. */
export type LogSelection =
  | {
      stageId: string;
      stepId?: string;
      /** Further stage ids to try, in order, when the graph has no `stageId`. */
      orStageIds?: string[];
    }
  | { firstFailure: true };

/** What every section of the build view gets. */
export interface BuildViewContext {
  entityRef: CompoundEntityRef;
  target: JobTarget;
  /** The job (or branch) id the backend takes. */
  jobId: string;
  build: BuildDetail;
  /**
   * Changes each time the build was read with news (a running build moves):
   * sections showing live data read again when it does.
   */
  version: string;
  /** Whether the job is a pipeline (stages, steps, restart and replay apply). */
  isPipeline: boolean;
  onOpenBuild: (jobId: string, buildNumber: number) => void;
  /** Reads the build again, e.g. after an action changed it. */
  refresh: () => void;
  logSelection?: LogSelection;
  /** Opens the Pipeline section at a log (the whole console when undefined). */
  showLog: (selection?: LogSelection) => void;
}

/**
 * One tab of the build view. The view renders the sections it is given in
 * order, so a feature adds a tab by adding a section (see
 * `defaultBuildSections`).
 */
export interface BuildSection {
  /** Stable id, used in element ids. */
  id: string;
  title: (context: BuildViewContext) => string;
  /**
   * The page of this build in Jenkins' own UI, relative to the build URL
   * (e.g. `changes`): the tab links there, so Jenkins is one click away.
   */
  jenkinsPath?: string;
  /** Whether the tab applies to this build; every build when unset. */
  applies?: (context: BuildViewContext) => boolean;
  render: (context: BuildViewContext) => ReactNode;
}

/** A titled part of a tab, a region for screen readers. */
export const Section = (props: { title: string; children: ReactNode }) => (
  <Box component="section" mt={2} aria-label={props.title}>
    <Typography variant="h6" component="h3" gutterBottom>
      {props.title}
    </Typography>
    {props.children}
  </Box>
);

/** Jenkins' root URL, from a job's URL (`https://ci/job/a/job/b/` → `https://ci/`). */
export function jenkinsRoot(jobUrl: string): string {
  const at = jobUrl.indexOf('/job/');
  return at >= 0 ? jobUrl.slice(0, at + 1) : jobUrl;
}

/** Hides text from sight but not from screen readers. */
export const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;
