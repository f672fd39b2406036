import { ChangeRecordSection } from '../ChangeRecord';
import { ArtifactsSection } from './ArtifactsSection';
import { BuildSection } from './BuildSection';
import { CauseSection } from './CauseSection';
import { ChangesSection } from './ChangesSection';
import { PipelineSection } from './PipelineSection';
import { TestsSection } from './TestsSection';

/**
 * The tabs of the build view, in order, named as Jenkins users know them
 * from Blue Ocean and Pipeline Graph View. Add a tab by adding a section.
 */
export const defaultBuildSections: BuildSection[] = [
  {
    id: 'pipeline',
    title: context => (context.isPipeline ? 'Pipeline' : 'Console'),
    jenkinsPath: '',
    render: context => <PipelineSection context={context} />,
  },
  {
    id: 'changes',
    title: () => 'Changes',
    jenkinsPath: 'changes',
    render: context => <ChangesSection context={context} />,
  },
  {
    id: 'tests',
    title: context => {
      const failed =
        context.build.tests?.failed ?? context.build.failedTests.length;
      return failed ? `Tests (${failed} failed)` : 'Tests';
    },
    jenkinsPath: 'testReport/',
    render: context => <TestsSection context={context} />,
  },
  {
    id: 'artifacts',
    title: () => 'Artifacts',
    jenkinsPath: 'artifact/',
    render: context => <ArtifactsSection context={context} />,
  },
  {
    id: 'cause',
    title: () => 'Parameters and cause',
    jenkinsPath: 'parameters/',
    render: context => <CauseSection context={context} />,
  },
  {
    id: 'record',
    title: () => 'Change record',
    render: context => <ChangeRecordSection context={context} />,
  },
];
