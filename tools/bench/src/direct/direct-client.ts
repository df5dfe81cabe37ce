/** A client library issuing the searches dird would, straight to the server (the comparison's baseline). */
export interface DirectClient {
  /** Runs the search of `term` as dird's backend would; resolves with the number of entries found. */
  search(term: string): Promise<number>;
  close(): Promise<void>;
}

/** What a direct-client module exports (loaded by the closed-loop load process from its path). */
export interface DirectClientModule {
  open(config: unknown): Promise<DirectClient>;
}
