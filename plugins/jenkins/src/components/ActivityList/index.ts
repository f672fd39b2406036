export { ActivityList, describeActivity } from './ActivityList';
