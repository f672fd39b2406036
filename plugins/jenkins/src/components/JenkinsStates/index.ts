export {
  JenkinsErrorPanel,
  JenkinsMissingAnnotation,
  ANNOTATION_EXAMPLE,
  LoadingRows,
  errorMessage,
  isDeniedError,
} from './JenkinsStates';
