export {
  default,
  jenkinsApi,
  jenkinsEntityContent,
  jenkinsLatestBuildCard,
  jenkinsPendingApprovalsCard,
} from './plugin';
