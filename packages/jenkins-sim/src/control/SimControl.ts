import crypto from 'node:crypto';
import { ScaledRealClock, SimClock, VirtualClock } from '../clock/SimClock';
import { SimEngine } from '../model/SimEngine';
import {
  applyScenarioEndpoints,
  jobsNamed,
  parseEndpoints,
} from '../notify/configureEndpoints';
import type { NotificationEndpoint } from '../notify/endpointSchema';
import {
  NotificationFilter,
  NotificationLog,
  NotificationLogEntry,
} from '../notify/NotificationLog';
import { Notifier } from '../notify/Notifier';
import { isJob } from '../model/types';
import type { SimPlugins, SimState } from '../http/SimState';
import { loadScenario } from '../scenario/loadScenario';
import type { RealmSettings, Scenario } from '../scenario/scenarioSchema';
import { Authenticator } from '../security/Authenticator';
import { CrumbIssuer } from '../security/CrumbIssuer';
import { RoleStrategy } from '../security/RoleStrategy';
import { FaultInjector, Fault, FaultSpec } from './FaultInjector';
import {
  RequestCounters,
  RequestFilter,
  RequestLog,
  RequestLogEntry,
} from './RequestLog';

/** A runtime change to the realm; `jwt` fields merge into the current JWT settings. */
export interface RealmChange {
  basic?: boolean;
  crumbs?: boolean;
  proxyHeaders?: { enabled: boolean };
  jwt?: Partial<NonNullable<RealmSettings['jwt']>> | null;
}

/** Options that shape how scenarios are brought to life. */
export interface SimRuntimeOptions {
  virtualClock: boolean;
  speed: number;
  /** Realm overrides applied on every load (e.g. `--jwks-url`). */
  realm?: RealmChange;
  /** Global environment variables over the scenario's (e.g. `BACKSTAGE_HOST`). */
  environment?: Record<string, string>;
}

/** The operations of the control API, usable in-process or over `/__sim/`. */
export interface JenkinsSimControl {
  /**
   * Restores the current scenario: jobs, builds, queue, sessions, clock,
   * realm (to the scenario plus start-up overrides), and clears faults and the
   * request log. `keepRealm` keeps realm changes made with `configureRealm`.
   */
  reset(options?: { keepRealm?: boolean }): void;
  /** Loads another scenario (shipped name, file path or inline object) and resets as `reset()` does. */
  loadScenario(source: string | object): void;
  /** Advances the clock (virtual, or a jump ahead on a real clock). */
  advance(ms: number): number;
  /** The simulated time (epoch ms). */
  now(): number;
  configureRealm(change: RealmChange): RealmSettings;
  realm(): RealmSettings;
  invalidateCrumbs(): void;
  injectFault(spec: FaultSpec): string;
  faults(): Fault[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  requests(filter?: RequestFilter): RequestLogEntry[];
  clearRequests(): void;
  /**
   * Replaces the console log of an existing build (e.g. with megabytes of
   * text, to test bounded reads); `reset` forgets it.
   */
  seedBuildLog(job: string, number: number, text: string): void;
  /**
   * Replaces the log of one finished step of a Pipeline build (by flow-node
   * id, as `stages/log` and wfapi serve it); `reset` forgets it.
   */
  seedStepLog(job: string, number: number, nodeId: string, text: string): void;
  counters(): RequestCounters;
  /**
   * Sets a job's Notification-plugin endpoints (a multibranch project: all
   * its branch jobs), replacing the scenario's; `[]` removes them. Until the
   * next reset.
   */
  setNotificationEndpoints(
    job: string,
    endpoints: unknown[],
  ): NotificationEndpoint[];
  notificationEndpoints(): Array<{
    job: string;
    endpoints: NotificationEndpoint[];
  }>;
  /** Every notification attempt (and skip) since the last reset or clear. */
  notifications(filter?: NotificationFilter): NotificationLogEntry[];
  clearNotifications(): void;
  /** Resolves once every notification due so far was attempted. */
  notificationsSettled(): Promise<void>;
  /** Merges global environment variables (a `null` value removes one); kept across resets. */
  configureEnvironment(
    change: Record<string, string | null>,
  ): Record<string, string>;
  environment(): Record<string, string>;
  /** Which optional plugins are installed (Pipeline Graph View). */
  plugins(): SimPlugins;
  /**
   * Installs or removes optional plugins until the next reset, e.g.
   * `{ pipelineGraphView: false }` to test a client's fallback to wfapi.
   */
  setPlugins(change: Partial<SimPlugins>): SimPlugins;
}

function applyRealm(auth: Authenticator, change?: RealmChange) {
  if (change) auth.configure(change);
}

/** Holds the live simulator state and implements the control operations. */
export class SimControl implements JenkinsSimControl {
  state!: SimState;
  readonly faultInjector = new FaultInjector();
  readonly log = new RequestLog();
  private scenario: Scenario;
  private runtimeRealm: RealmChange[] = [];
  readonly notificationLog = new NotificationLog();
  notifier!: Notifier;
  private envOverrides: Record<string, string>;
  private pluginOverrides: Partial<SimPlugins> = {};
  /** `Jenkins#getRootUrl` without the slash; set once the server listens. */
  rootUrl?: string;

  constructor(
    source: string | object,
    private readonly options: SimRuntimeOptions,
  ) {
    this.scenario = loadScenario(source);
    this.envOverrides = { ...options.environment };
    this.build();
  }

  private build() {
    const start = this.scenario.startTime
      ? Date.parse(this.scenario.startTime)
      : Date.now();
    const clock: SimClock = this.options.virtualClock
      ? new VirtualClock(start)
      : new ScaledRealClock(start, this.options.speed);
    const authenticator = new Authenticator(this.scenario);
    applyRealm(authenticator, this.options.realm);
    for (const change of this.runtimeRealm) applyRealm(authenticator, change);
    this.state = {
      scenario: this.scenario,
      clock,
      engine: new SimEngine(this.scenario, clock),
      authenticator,
      roles: new RoleStrategy(this.scenario.roles),
      crumbs: new CrumbIssuer(),
      instanceSession: crypto.randomBytes(4).toString('hex'),
      plugins: { ...this.scenario.plugins, ...this.pluginOverrides },
    };
    this.notifier?.dispose();
    this.notifier = new Notifier(this.state.engine, {
      environment: () => this.environment(),
      rootUrl: () => this.rootUrl,
      log: this.notificationLog,
    });
    applyScenarioEndpoints(
      this.scenario,
      this.state.engine.tree,
      this.notifier,
    );
  }

  reset(options: { keepRealm?: boolean } = {}) {
    if (!options.keepRealm) this.runtimeRealm = [];
    this.pluginOverrides = {};
    this.faultInjector.clear();
    this.log.clear();
    this.notificationLog.clear();
    this.build();
  }

  loadScenario(source: string | object) {
    const scenario = loadScenario(source);
    this.scenario = scenario;
    this.reset();
  }

  plugins(): SimPlugins {
    return { ...this.state.plugins };
  }

  setPlugins(change: Partial<SimPlugins>): SimPlugins {
    if (
      change.pipelineGraphView !== undefined &&
      typeof change.pipelineGraphView !== 'boolean'
    ) {
      throw new Error('pipelineGraphView must be true or false');
    }
    const known = ['pipelineGraphView'];
    const unknown = Object.keys(change).filter(k => !known.includes(k));
    if (unknown.length > 0) {
      throw new Error(`Unknown plugin(s): ${unknown.join(', ')}`);
    }
    this.pluginOverrides = { ...this.pluginOverrides, ...change };
    Object.assign(this.state.plugins, change);
    return this.plugins();
  }

  advance(ms: number) {
    this.state.clock.advance(Number(ms));
    return this.state.engine.now();
  }

  now() {
    return this.state.engine.now();
  }

  configureRealm(change: RealmChange) {
    this.state.authenticator.configure(change);
    this.runtimeRealm.push(change);
    return this.state.authenticator.realm;
  }

  realm() {
    return this.state.authenticator.realm;
  }

  invalidateCrumbs() {
    this.state.crumbs.invalidateAll();
  }

  injectFault(spec: FaultSpec) {
    return this.faultInjector.add(spec);
  }

  faults() {
    return this.faultInjector.list();
  }

  removeFault(id: string) {
    return this.faultInjector.remove(id);
  }

  clearFaults() {
    this.faultInjector.clear();
  }

  requests(filter?: RequestFilter) {
    return this.log.find(filter);
  }

  clearRequests() {
    this.log.clear();
  }

  seedBuildLog(job: string, number: number, text: string) {
    this.buildToSeed(job, number).seededLog = text;
  }

  seedStepLog(job: string, number: number, nodeId: string, text: string) {
    const build = this.buildToSeed(job, number);
    build.seededStepLogs ??= new Map();
    build.seededStepLogs.set(nodeId, text);
  }

  private buildToSeed(job: string, number: number) {
    const item = this.state.engine.tree.find(job);
    const build = item && isJob(item) ? item.builds.get(number) : undefined;
    if (!build) {
      throw new Error(`No build ${job} #${number} to seed a log for`);
    }
    return build;
  }

  counters() {
    return this.log.counters();
  }

  setNotificationEndpoints(job: string, endpoints: unknown[]) {
    const parsed = parseEndpoints(endpoints);
    for (const item of jobsNamed(this.state.engine.tree, job)) {
      this.notifier.setEndpoints(item, parsed);
    }
    return parsed;
  }

  notificationEndpoints() {
    return this.notifier.configuredJobs().map(job => ({
      job: job.fullName,
      endpoints: this.notifier.endpointsOf(job),
    }));
  }

  notifications(filter?: NotificationFilter) {
    return this.notificationLog.find(filter);
  }

  clearNotifications() {
    this.notificationLog.clear();
  }

  notificationsSettled() {
    this.state.engine.tick();
    return this.notifier.settled();
  }

  configureEnvironment(change: Record<string, string | null>) {
    for (const [name, value] of Object.entries(change ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) {
        throw new Error(`Invalid environment variable name '${name}'`);
      }
      if (value === null) delete this.envOverrides[name];
      else this.envOverrides[name] = String(value);
    }
    return this.environment();
  }

  environment() {
    return { ...this.scenario.environment, ...this.envOverrides };
  }

  /** Stops background work (the real-clock notification pump). */
  close() {
    this.notifier.dispose();
  }
}
