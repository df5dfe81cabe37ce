import {
  Deadline,
  failureReason,
  ThrottledLog,
  type BaseSourcePlugin,
  type LookupOptions,
  type LookupService,
  type Logger,
  type SourceResult,
} from '@dird/core';

/** A profile ready to serve: its loaded sources in order, and its deadline. */
export interface LookupProfile {
  readonly sources: readonly BaseSourcePlugin[];
  readonly timeoutMs: number;
}

/**
 * Fans a search out to every source of the profile at once and merges the answers in the profile's source
 * order. At the deadline it answers with the sources that finished, tells the others to stop, and logs each
 * source it dropped.
 */
export class FanOutLookupService implements LookupService {
  private readonly drops: ThrottledLog;

  constructor(
    private readonly profiles: ReadonlyMap<string, LookupProfile>,
    private readonly logger: Logger,
  ) {
    this.drops = new ThrottledLog(logger);
  }

  hasProfile(profile: string): boolean {
    return this.profiles.has(profile);
  }

  async lookup(profile: string, term: string, options: LookupOptions = {}): Promise<SourceResult[]> {
    const config = this.profiles.get(profile);
    if (!config) {
      this.logger.warn({ profile }, `Cannot find lookup sources for profile ${profile}`);
      return [];
    }
    const offset = options.offset ?? 0;
    const needed = options.limit === undefined ? undefined : offset + options.limit;
    const deadline = new Deadline(config.timeoutMs, options.signal);
    let outcomes;
    try {
      outcomes = await Promise.all(
        config.sources.map((source) =>
          deadline.run(() => source.search(term, deadline.sourceArgs({ limit: needed, userUuid: options.userUuid }))),
        ),
      );
    } finally {
      deadline.release();
    }
    const results: SourceResult[] = [];
    outcomes.forEach((outcome, i) => {
      const source = config.sources[i];
      if (outcome.status === 'ok' && Array.isArray(outcome.value)) {
        for (const r of outcome.value) results.push(r);
        return;
      }
      const why =
        outcome.status === 'ok' ? 'search did not return a list' : failureReason(outcome, config.timeoutMs, 'search');
      this.drops.warn(
        `${source.name}:${outcome.status}`,
        { profile, source: source.name, backend: source.backend, outcome: outcome.status },
        `lookup in profile ${profile}: source ${source.name} (${source.backend}) dropped: ${why}`,
      );
    });
    return needed === undefined ? results.slice(offset) : results.slice(offset, needed);
  }
}
