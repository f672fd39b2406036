export { BuildLog } from './BuildLog';
export { useBuildLog, LOG_FOLLOW_INTERVAL_MS } from './useBuildLog';
export {
  AccessibleLogViewer,
  repairLogViewerAccessibility,
} from './AccessibleLogViewer';
