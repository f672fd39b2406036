/**
 * The Jenkins plugin for the new frontend system.
 *
 * @packageDocumentation
 */
export {
  default,
  jenkinsApi,
  jenkinsEntityContent,
  jenkinsLatestBuildCard,
  jenkinsPendingApprovalsCard,
} from './alpha/index';
