export {
  BuildsTable,
  BuildDuration,
  startedBy,
  testSummary,
} from './BuildsTable';
