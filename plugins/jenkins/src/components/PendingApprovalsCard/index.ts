export { PendingApprovalsCard, pausedBuilds } from './PendingApprovalsCard';
