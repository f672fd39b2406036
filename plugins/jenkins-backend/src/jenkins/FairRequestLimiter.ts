/** Releases a slot taken by {@link FairRequestLimiter.acquire}. */
export type ReleaseSlot = () => void;

/** Who waits for a slot, and what for. */
export interface SlotRequest {
  /** Writes take the next free slot before any read. */
  kind: 'read' | 'write';
  /**
   * A read of data shared by everyone (`verified` reads after the check,
   * `shared` reads): it serves many people at once (coalesced), so it takes
   * turns with people's own reads instead of waiting in one person's queue.
   */
  shared?: boolean;
  /** Round robin goes over people first ... */
  person: string;
  /** ... then over each person's jobs. */
  job: string;
  /** Milliseconds the caller may still wait; the wait fails after them. */
  waitMs: number;
  /** The error a wait past `waitMs` fails with. */
  timeoutError: () => Error;
}

interface Waiter {
  grant: (release: ReleaseSlot) => void;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Insertion-ordered queues with a rotating cursor: `next()` takes one item
 * from the first key, then moves that key to the back.
 */
class RoundRobin<K, V> {
  private readonly queues = new Map<K, V>();

  get size(): number {
    return this.queues.size;
  }

  getOrCreate(key: K, create: () => V): V {
    let queue = this.queues.get(key);
    if (queue === undefined) {
      queue = create();
      this.queues.set(key, queue);
    }
    return queue;
  }

  /** The first key's queue, moved to the back (it takes its turn). */
  rotate(): [K, V] | undefined {
    const first = this.queues.entries().next();
    if (first.done) {
      return undefined;
    }
    const [key, queue] = first.value;
    this.queues.delete(key);
    this.queues.set(key, queue);
    return [key, queue];
  }

  delete(key: K): void {
    this.queues.delete(key);
  }
}

/**
 * At most `limit` Jenkins requests in flight for one instance. Waiting reads
 * are served round robin by person, then by job, so that one person with
 * many reads, or one slow job, cannot hold everyone else back: another
 * person's single read gets the next free slot. Shared reads (one read that
 * many people wait for) form a lane of their own, round robin by job, and
 * the two lanes take turns: a cold burst of 200 people's access checks
 * cannot push the one data read they all wait for to the back, and a burst
 * of shared reads cannot starve people's checks. Waiting writes get a free
 * slot before any read, so a write is never queued behind reads. A wait that
 * outlasts the caller's budget fails with the caller's timeout error.
 */
export class FairRequestLimiter {
  private inFlight = 0;
  /** Who got the last slot: another waiting person goes before them. */
  private lastServed?: string;
  private readonly writes: Waiter[] = [];
  private readonly reads = new RoundRobin<
    string,
    RoundRobin<string, Waiter[]>
  >();
  /** Shared reads by job. */
  private readonly shared = new RoundRobin<string, Waiter[]>();
  /** Which read lane got the last slot while both waited. */
  private lastLane: 'shared' | 'person' = 'person';

  constructor(private readonly limit: number) {}

  /** Requests in flight now (for tests and diagnostics). */
  get active(): number {
    return this.inFlight;
  }

  /** Resolves with a release once a slot is free; see the class. */
  acquire(request: SlotRequest): Promise<ReleaseSlot> {
    if (this.inFlight < this.limit) {
      this.inFlight += 1;
      if (!request.shared) {
        this.lastServed = request.person;
      }
      return Promise.resolve(this.releaser());
    }
    if (request.waitMs <= 0) {
      return Promise.reject(request.timeoutError());
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve };
      const remove = this.enqueue(request, waiter);
      waiter.timer = setTimeout(() => {
        remove();
        reject(request.timeoutError());
      }, request.waitMs);
    });
  }

  /** Queues a waiter; returns how to take it out again. */
  private enqueue(request: SlotRequest, waiter: Waiter): () => void {
    if (request.kind === 'write') {
      this.writes.push(waiter);
      return () => removeFrom(this.writes, waiter);
    }
    if (request.shared) {
      const queue = this.shared.getOrCreate(request.job, () => []);
      queue.push(waiter);
      return () => {
        removeFrom(queue, waiter);
        if (queue.length === 0) {
          this.shared.delete(request.job);
        }
      };
    }
    const jobs = this.reads.getOrCreate(request.person, () => new RoundRobin());
    const queue = jobs.getOrCreate(request.job, () => []);
    queue.push(waiter);
    return () => {
      removeFrom(queue, waiter);
      if (queue.length === 0) {
        jobs.delete(request.job);
      }
      if (jobs.size === 0) {
        this.reads.delete(request.person);
      }
    };
  }

  private releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const next = this.dequeue();
      if (next) {
        // The slot passes straight on: in flight stays the same.
        clearTimeout(next.timer);
        next.grant(this.releaser());
      } else {
        this.inFlight -= 1;
      }
    };
  }

  private dequeue(): Waiter | undefined {
    const write = this.writes.shift();
    if (write) {
      return write;
    }
    const sharedTurn =
      this.shared.size > 0 &&
      (this.reads.size === 0 || this.lastLane === 'person');
    if (sharedTurn) {
      this.lastLane = 'shared';
      return this.dequeueShared();
    }
    this.lastLane = 'person';
    return this.dequeuePerson();
  }

  private dequeueShared(): Waiter {
    const [jobKey, queue] = this.shared.rotate()!;
    const waiter = queue.shift()!;
    if (queue.length === 0) {
      this.shared.delete(jobKey);
    }
    return waiter;
  }

  private dequeuePerson(): Waiter | undefined {
    let person = this.reads.rotate();
    if (!person) {
      return undefined;
    }
    if (person[0] === this.lastServed && this.reads.size > 1) {
      person = this.reads.rotate()!;
    }
    this.lastServed = person[0];
    const [personKey, jobs] = person;
    const [jobKey, queue] = jobs.rotate()!;
    const waiter = queue.shift()!;
    if (queue.length === 0) {
      jobs.delete(jobKey);
    }
    if (jobs.size === 0) {
      this.reads.delete(personKey);
    }
    return waiter;
  }
}

function removeFrom<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) {
    list.splice(index, 1);
  }
}
