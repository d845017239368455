/**
 * The GitHub client's one gate: at most a few requests in flight across the
 * run (pages of several listings share it), and a pause that every request
 * waits out when GitHub has asked for one (a rate limit). After a secondary
 * rate limit the gate lets one request through at a time, as GitHub asks of
 * clients it has limited.
 */
export class RequestGate {
  #limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];
  #pausedUntil = 0;
  #maxActive = 0;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(limit: number, clock: { now: () => number; sleep: (ms: number) => Promise<void> }) {
    this.#limit = limit;
    this.#now = clock.now;
    this.#sleep = clock.sleep;
  }

  /** The most requests that were in flight at once. */
  get maxActive(): number {
    return this.#maxActive;
  }

  /** Runs `work` once a place is free and any pause is over. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    // A place is handed over by the request that leaves it, so none is taken twice.
    if (this.#active < this.#limit) this.#active += 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#maxActive = Math.max(this.#maxActive, this.#active);
    try {
      for (let wait = this.#pausedUntil - this.#now(); wait > 0; wait = this.#pausedUntil - this.#now()) await this.#sleep(wait);
      return await work();
    } finally {
      const next = this.#active <= this.#limit ? this.#waiting.shift() : undefined;
      if (next) next();
      else this.#active -= 1;
    }
  }

  /** Holds every request until `untilMs` (epoch ms). */
  pauseUntil(untilMs: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, untilMs);
  }

  /** One request at a time from now on. */
  serialize(): void {
    this.#limit = 1;
  }
}
