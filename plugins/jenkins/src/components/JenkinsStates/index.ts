export {
  ErrorText,
  JenkinsErrorPanel,
  JenkinsMissingAnnotation,
  ANNOTATION_EXAMPLE,
  LoadingRows,
  cardHeading,
  errorMessage,
  isDeniedError,
} from './JenkinsStates';
