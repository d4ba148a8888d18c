// Long work on the main thread, cut into slices: between two slices the event loop runs timers,
// requests and I/O, so a big import never keeps the server from answering for long.

/** Resolves after the event loop has had a turn (timers, I/O, other requests). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Counts the time of the current slice and ends it (gives the event loop a turn) once it is spent. */
export class TimeSlices {
  private started = performance.now();

  constructor(private readonly budgetMs = 20) {}

  /** Ends the slice if it has used its budget; cheap enough to call for every item. */
  async check(): Promise<void> {
    if (performance.now() - this.started >= this.budgetMs) await this.next();
  }

  /** Ends the slice now. */
  async next(): Promise<void> {
    await yieldToEventLoop();
    this.started = performance.now();
  }
}
