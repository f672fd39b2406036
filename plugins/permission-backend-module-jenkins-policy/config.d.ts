export interface Config {
  /**
   * The demo permission policy for Jenkins. Group refs may be written in
   * full (`group:default/release-managers`) or as a name (`release-managers`,
   * meaning `group:default/<name>`).
   */
  jenkinsPolicy?: {
    /**
     * Members may run, rebuild and abort production jobs and answer their
     * input steps. Default `[group:default/release-managers]`.
     * @visibility backend
     */
    releaseManagerGroups?: string[];
    /**
     * Members may read and export the Jenkins audit trail. Default
     * `[group:default/auditors]`.
     * @visibility backend
     */
    auditorGroups?: string[];
    /**
     * Environments that only release managers may act on (compared without
     * regard to case). Default `[production]`.
     * @visibility backend
     */
    productionEnvironments?: string[];
    /**
     * Refuse writes (run, rebuild, abort, answer input) on production jobs
     * that come through the actions registry — AI assistants over MCP —
     * while the portal allows them to whoever the rest of the policy does.
     * The Jenkins backend tells the policy which of its adapters received
     * the request (`IS_REQUESTED_VIA`), so an assistant cannot pass itself
     * off as the portal. Default false.
     * @visibility backend
     */
    denyProductionWritesThroughActions?: boolean;
    /**
     * Environments whose builds nobody may replay with an edited pipeline
     * script (`jenkins.build.replay.edit`); a rerun with the same script
     * stays allowed. Default `['production']`; `[]` allows edited replays
     * wherever reruns are allowed.
     * @visibility backend
     */
    denyEditedReplayIn?: string[];
    /** Separation of duties on production builds. */
    production?: {
      /**
       * Input steps of production builds (approvals) must be answered by a
       * release manager who did not start the build; the starter comes from
       * the audit trail or Jenkins' causes, never from the request. Default
       * `true`.
       * @visibility backend
       */
      separateApprover?: boolean;
      /**
       * With `separateApprover`, whether a build whose starter cannot be
       * established (a timer, SCM, upstream or anonymous cause, a Jenkins
       * user with no Backstage user) may be approved by a release manager.
       * Default `false`: nobody can show it was someone else, so it is
       * refused.
       * @visibility backend
       */
      allowUnknownStarter?: boolean;
    };
  };
}
