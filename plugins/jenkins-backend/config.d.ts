export interface Config {
  /** Configuration for the Jenkins plugin. */
  jenkins?: {};
}
