export { BuildStatus, isLiveStatus, statusLabel } from './BuildStatus';
export {
  formatDuration,
  formatRelativeTime,
  formatTimestamp,
} from './formatting';
