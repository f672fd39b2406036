import { LoggerService } from '@backstage/backend-plugin-api';
import { JenkinsBuildEvent } from '@internal/plugin-jenkins-common';
import {
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { rawPendingInputsSchema } from '../jenkins/JenkinsJson';
import { NotifiedBuild } from './NotifiedBuild';

/** Options of {@link PendingInputWatch}. */
export interface PendingInputWatchOptions {
  gateway: Pick<JenkinsGateway, 'getPendingInputs'>;
  /** The instance's background read identity; undefined when it has none. */
  readContext(instance: string): JenkinsRequestContext | undefined;
  /** At most this many running builds are watched; the oldest go first. */
  maxBuilds: number;
  /** Tells about a new pending input; answers whom it told. */
  onPending(build: NotifiedBuild, message: string): Promise<string[]>;
  /** Tells those told about an input that it no longer waits. */
  onSettled(build: NotifiedBuild, recipients: string[]): Promise<void>;
  /**
   * A watched build started or stopped waiting for an input: the views
   * showing it (which no Jenkins event updates for this) are told.
   */
  onInputChange?(build: NotifiedBuild): Promise<void>;
  logger: LoggerService;
  now?: () => number;
}

interface WatchedBuild {
  build: NotifiedBuild;
  since: number;
  /** Input ids already told about. */
  told: Set<string>;
  recipients: string[];
}

/** A build running longer than this is no longer watched. */
const MAX_WATCH_MS = 24 * 60 * 60 * 1000;

function keyOf(event: JenkinsBuildEvent): string {
  return `${event.instance}:${event.jobFullName.toLocaleLowerCase('en-US')}:${
    event.buildNumber
  }`;
}

/**
 * Pipeline inputs are no Notification-plugin event: the builds this replica
 * saw start are checked for pending inputs on a schedule (one read per
 * running build per check, at most `maxBuilds` builds) until they finish.
 */
export class PendingInputWatch {
  private readonly running = new Map<string, WatchedBuild>();
  private readonly now: () => number;
  private readonly unreadable = new Set<string>();

  constructor(private readonly options: PendingInputWatchOptions) {
    this.now = options.now ?? Date.now;
  }

  /** How many builds are watched. */
  get size(): number {
    return this.running.size;
  }

  /** A build started: watch it. */
  track(build: NotifiedBuild): void {
    const key = keyOf(build.event);
    if (this.running.has(key)) return;
    while (this.running.size >= this.options.maxBuilds) {
      // Map order is insertion order: the first key is the oldest build.
      this.running.delete(this.running.keys().next().value!);
    }
    this.running.set(key, {
      build,
      since: this.now(),
      told: new Set(),
      recipients: [],
    });
  }

  /** A build finished: stop watching; an input still shown is withdrawn. */
  async finish(event: JenkinsBuildEvent): Promise<void> {
    const key = keyOf(event);
    const watched = this.running.get(key);
    this.running.delete(key);
    if (watched && watched.told.size > 0) {
      await this.options.onSettled(
        { ...watched.build, event },
        watched.recipients,
      );
    }
  }

  /** One check of every watched build. */
  async checkAll(): Promise<void> {
    for (const [key, watched] of [...this.running]) {
      if (this.now() - watched.since > MAX_WATCH_MS) {
        this.running.delete(key);
        continue;
      }
      try {
        await this.check(watched);
      } catch (error) {
        this.options.logger.warn(
          `Could not check ${watched.build.event.jobFullName} #${
            watched.build.event.buildNumber
          } for pending inputs: ${(error as Error).message}`,
        );
      }
    }
  }

  private async check(watched: WatchedBuild): Promise<void> {
    const { event } = watched.build;
    const ctx = this.options.readContext(event.instance);
    if (!ctx) {
      if (!this.unreadable.has(event.instance)) {
        this.unreadable.add(event.instance);
        this.options.logger.info(
          `Pending inputs of instance '${event.instance}' are not notified: it has no background read identity`,
        );
      }
      return;
    }
    const parsed = rawPendingInputsSchema.safeParse(
      await this.options.gateway.getPendingInputs(
        ctx,
        event.jobFullName,
        event.buildNumber,
      ),
    );
    const inputs = parsed.success ? parsed.data : [];
    const fresh = inputs.filter(
      input => input.id !== undefined && !watched.told.has(input.id),
    );
    if (fresh.length > 0) {
      fresh.forEach(input => watched.told.add(input.id!));
      const recipients = await this.options.onPending(
        watched.build,
        fresh[0].message ?? '',
      );
      watched.recipients = [...new Set([...watched.recipients, ...recipients])];
      await this.options.onInputChange?.(watched.build);
    } else if (inputs.length === 0 && watched.told.size > 0) {
      const recipients = watched.recipients;
      watched.told.clear();
      watched.recipients = [];
      await this.options.onSettled(watched.build, recipients);
      await this.options.onInputChange?.(watched.build);
    }
  }
}
