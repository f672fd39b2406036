export interface Config {
  scaffolder?: {
    /** The Jenkins template actions (`jenkins:build:run`, `jenkins:build:wait`). */
    jenkins?: {
      /**
       * How often a wait asks the Jenkins plugin for a queue item's or
       * build's state, in milliseconds (at least 100); default 2000.
       * @visibility backend
       */
      pollIntervalMs?: number;
    };
  };
}
