import type { SimClock } from '../clock/SimClock';
import type { SimEngine } from '../model/SimEngine';
import type { Scenario } from '../scenario/scenarioSchema';
import type { Authenticator } from '../security/Authenticator';
import type { CrumbIssuer } from '../security/CrumbIssuer';
import type { RoleStrategy } from '../security/RoleStrategy';

/** The live state of one simulated controller (replaced on reset / load). */
export interface SimState {
  scenario: Scenario;
  clock: SimClock;
  engine: SimEngine;
  authenticator: Authenticator;
  roles: RoleStrategy;
  crumbs: CrumbIssuer;
  /** `X-Jenkins-Session`, fixed per load. */
  instanceSession: string;
  /** Plugins that can be switched off at runtime (`/__sim/plugins`). */
  plugins: SimPlugins;
}

/** Optional plugins of the simulated controller. */
export interface SimPlugins {
  /** Pipeline Graph View: without it every `…/N/stages/…` URL is a 404. */
  pipelineGraphView: boolean;
}
