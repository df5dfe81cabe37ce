/**
 * Runs reloads one at a time: a request during a reload queues one more run after it (any number of requests
 * during the same reload make one run: the config is read when it starts, so it sees all their edits).
 */
export class ReloadQueue {
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(private readonly reload: () => Promise<void>) {}

  /** True while a reload runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Starts a reload, or queues one after the running one; resolves when no reload is left to run. Returns
   * 'started', 'queued' (one was already waiting, or is now) or 'closed' (the daemon is stopping).
   */
  request(): { readonly outcome: 'started' | 'queued' | 'closed'; readonly done: Promise<void> } {
    if (this.closed) return { outcome: 'closed', done: Promise.resolve() };
    if (this.running) {
      this.again = true;
      return { outcome: 'queued', done: this.running };
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
    return { outcome: 'started', done: this.running };
  }

  /** Refuses later requests and drops a queued one; resolves when the running reload (if any) ends. */
  close(): Promise<void> {
    this.closed = true;
    this.again = false;
    return this.running ?? Promise.resolve();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.reload();
    } while (this.again && !this.closed);
  }
}
