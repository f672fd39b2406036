/** How many read answers are kept for conditional refreshes. */
const MAX_REMEMBERED_ANSWERS = 50;

/** A read answer and the ETag the backend gave it. */
export interface RememberedAnswer {
  etag: string;
  value: unknown;
}

/**
 * The last answer per read URL, newest kept, the oldest forgotten beyond a
 * bound: sent back as `If-None-Match`, so an unchanged answer comes back as
 * a bodiless 304 and is neither sent again nor parsed again.
 */
export class RememberedAnswers {
  readonly #answers = new Map<string, RememberedAnswer>();

  get(url: string): RememberedAnswer | undefined {
    return this.#answers.get(url);
  }

  remember(url: string, answer: RememberedAnswer): void {
    this.#answers.delete(url);
    this.#answers.set(url, answer);
    if (this.#answers.size > MAX_REMEMBERED_ANSWERS) {
      const oldest = this.#answers.keys().next().value;
      if (oldest !== undefined) {
        this.#answers.delete(oldest);
      }
    }
  }

  forget(url: string): void {
    this.#answers.delete(url);
  }
}
