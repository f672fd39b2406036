/**
 * A Jenkins REST API simulator for development, tests, demos and benchmarks.
 *
 * @packageDocumentation
 */
export { startJenkinsSim } from './startJenkinsSim';
export type { JenkinsSim, StartJenkinsSimOptions } from './startJenkinsSim';
export type { JenkinsSimControl, RealmChange } from './control/SimControl';
export type { SimPlugins } from './http/SimState';
export type { Fault, FaultKind, FaultSpec } from './control/FaultInjector';
export type {
  RequestCounters,
  RequestFilter,
  RequestLogEntry,
} from './control/RequestLog';
export type {
  NotificationEndpoint,
  NotificationEndpointInput,
} from './notify/endpointSchema';
export type {
  NotificationFilter,
  NotificationLogEntry,
} from './notify/NotificationLog';
export type { NotificationPhase } from './notify/jobState';
export {
  loadScenario,
  validateScenario,
  ScenarioValidationError,
} from './scenario/loadScenario';
export type {
  Scenario,
  ScenarioInput,
  RealmSettings,
  JwtRealmSettings,
} from './scenario/scenarioSchema';
