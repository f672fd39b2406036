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
  };
}
