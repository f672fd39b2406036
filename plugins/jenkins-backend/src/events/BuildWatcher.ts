import { LoggerService } from '@backstage/backend-plugin-api';
import { JenkinsInstanceConfig } from '../config/JenkinsConfig';
import {
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { AnnotatedJobIndex } from './AnnotatedJobIndex';
import { BuildEventHub } from './BuildEventHub';
import { BuildEventLedger } from './BuildEventLedger';
import { RequestBudget } from './RequestBudget';
import { eventsOfWatchedJob, WATCH_TREE } from './watchedBuilds';

/** Options of {@link BuildWatcher}. */
export interface BuildWatcherOptions {
  instance: JenkinsInstanceConfig;
  /** An uncached gateway: the watcher must see what Jenkins says now. */
  gateway: Pick<JenkinsGateway, 'getJob'>;
  index: Pick<AnnotatedJobIndex, 'jobsOf'>;
  ledger: Pick<BuildEventLedger, 'claim' | 'has' | 'touch'>;
  hub: Pick<BuildEventHub, 'receive'>;
  logger: LoggerService;
  now?: () => number;
}

/**
 * The fallback for Jenkins without the Notification plugin: each round it
 * reads the newest builds of the instance's annotated jobs (one request per
 * job, at most `maxRequestsPerMinute`, round robin so every job gets its
 * turn) and hands the transitions it has not seen to the hub. What was seen
 * lives in the event ledger, so restarts and other replicas do not repeat
 * it; the first round on a job only records what is there, so history is
 * never announced as news.
 */
export class BuildWatcher {
  private readonly budget: RequestBudget;
  private readonly now: () => number;
  private readonly context: JenkinsRequestContext;
  private cursor = 0;

  constructor(private readonly options: BuildWatcherOptions) {
    const { instance } = options;
    const poll = instance.events.poll;
    if (!poll) {
      throw new Error(
        `The watcher is off for Jenkins instance '${instance.name}'`,
      );
    }
    this.budget = new RequestBudget(poll.maxRequestsPerMinute);
    this.now = options.now ?? Date.now;
    const user =
      poll.runAs?.user ?? instance.readCredentials?.user ?? 'backstage';
    this.context = {
      instance: instance.name,
      // With shared reads the gateway sends readCredentials instead.
      principal: {
        userRef: `service:jenkins-events-watcher`,
        userName: user,
        groups: poll.runAs?.groups ?? [],
      },
      purpose: 'read',
    };
  }

  /** One round: as many jobs as the per-minute bound allows. */
  async poll(): Promise<void> {
    const jobs = await this.options.index.jobsOf(this.options.instance.name);
    for (let i = 0; i < jobs.length; i++) {
      if (!this.budget.tryTake(this.now())) {
        return;
      }
      const job = jobs[this.cursor % jobs.length];
      this.cursor = (this.cursor + 1) % jobs.length;
      try {
        await this.pollJob(job);
      } catch (error) {
        this.options.logger.warn(
          `The build watcher could not read ${this.options.instance.name}:${job}: ${error}`,
        );
      }
    }
  }

  private async pollJob(job: string): Promise<void> {
    const { gateway, ledger, hub, instance } = this.options;
    const answer = await gateway.getJob(this.context, job, WATCH_TREE);
    const nowMs = this.now();
    const events = eventsOfWatchedJob(instance.name, job, answer, nowMs);
    const marker = `watcher:${instance.name}:${job.toLocaleLowerCase('en-US')}`;
    if (await ledger.claim(marker, nowMs)) {
      for (const event of events) {
        await ledger.claim(event.id, nowMs);
      }
      return;
    }
    // Kept fresh, so that pruning never makes an old job look new.
    await ledger.touch(marker, nowMs);
    for (const event of events) {
      if (!(await ledger.has(event.id))) {
        await hub.receive(event);
      }
    }
  }
}
