import { useApi } from '@backstage/core-plugin-api';
import { jenkinsApiRef } from '../../api';
import { useRefreshableAsync } from '../../hooks/useRefreshableAsync';
import { BuildViewContext } from '../BuildView/BuildSection';
import { JenkinsErrorPanel, LoadingRows } from '../JenkinsStates';
import { ChangeRecordView } from './ChangeRecordView';

/**
 * The build view's "Change record" tab: the record the backend puts
 * together for the build, read again whenever the build moves on.
 */
export const ChangeRecordSection = (props: { context: BuildViewContext }) => {
  const { entityRef, jobId, build } = props.context;
  const api = useApi(jenkinsApiRef);
  const record = useRefreshableAsync(
    () => api.getChangeRecord(entityRef, jobId, build.number),
    // Again when the build moves on (approved, finished), not on every poll.
    [api, entityRef, jobId, build.number, build.status],
  );
  if (record.error && !record.value) {
    return (
      <JenkinsErrorPanel
        error={record.error}
        title="Could not put the change record together"
        onRetry={record.refresh}
      />
    );
  }
  if (!record.value) {
    return <LoadingRows rows={4} label="Loading the change record" />;
  }
  return <ChangeRecordView record={record.value} />;
};
