import {
  Deadline,
  failureReason,
  noMetrics,
  RequestContext,
  ThrottledLog,
  type BaseSourcePlugin,
  type Logger,
  type Metrics,
  type Outcome,
  type SourceResult,
} from '@dird/core';
import type { LookupOptions, LookupService } from './contract.js';

/** A profile ready to serve: its loaded sources in order, and its deadline. */
export interface LookupProfile {
  readonly sources: readonly BaseSourcePlugin[];
  readonly timeoutMs: number;
  /** The most results one lookup answers; a larger `limit` is lowered to it. */
  readonly maxResults: number;
}

/**
 * Fans a search out to every source of the profile at once and merges the answers in the profile's source
 * order. At the deadline it answers with the sources that finished, tells the others to stop, and logs each
 * source it dropped. An answer holds at most the profile's `max_results`: sources are asked for no more.
 */
export class FanOutLookupService implements LookupService {
  private readonly throttled: ThrottledLog;

  constructor(
    private readonly profiles: ReadonlyMap<string, LookupProfile>,
    private readonly logger: Logger,
    private readonly metrics: Metrics = noMetrics,
  ) {
    this.throttled = new ThrottledLog(logger);
  }

  async lookup(profile: string, term: string, options: LookupOptions = {}): Promise<SourceResult[]> {
    return this.lookupNow(profile, term, options);
  }

  lookupNow(profile: string, term: string, options: LookupOptions = {}): SourceResult[] | Promise<SourceResult[]> {
    const config = this.profiles.get(profile);
    if (!config) {
      this.logger.warn({ profile }, `Cannot find lookup sources for profile ${profile}`);
      return [];
    }
    const offset = options.offset ?? 0;
    const capped = options.limit === undefined || options.limit > config.maxResults;
    const needed = offset + (capped ? config.maxResults : options.limit!);
    // Where the cap decides, one more result than needed tells whether it cut the answer.
    const asked = capped ? needed + 1 : needed;
    // A one-source profile whose backend can skip results itself is asked for the page only: a deep page of a
    // large directory then costs that page, not every result before it. Otherwise each source must give all
    // its results up to the end of the page, since the page is cut from their merged list.
    const skip = offset > 0 && config.sources.length === 1 && supportsOffset(config.sources[0]) ? offset : 0;
    const context = options.context ?? RequestContext.anonymous();
    const deadline = new Deadline(config.timeoutMs, { context, metrics: this.metrics });
    const args = deadline.sourceArgs({ limit: asked - skip, ...(skip > 0 ? { offset: skip } : {}) }, context);
    const page: Page = { profile, config, deadline, capped, needed, skip, offset };
    let later = false;
    try {
      const outcomes = deadline.runAll(
        config.sources,
        (source) => source.search(term, args),
        (source) => ({ source, call: 'search' }),
      );
      // Every source answered at once (in memory): merged now, with no promise.
      if (!(outcomes instanceof Promise)) return this.merge(page, outcomes);
      later = true;
      return outcomes.finally(() => deadline.release()).then((settled) => this.merge(page, settled));
    } finally {
      // Released here once merged; a merge that waits for a source releases it when the sources have answered.
      if (!later) deadline.release();
    }
  }

  /** The page of the merged answers, in the profile's source order; logs each source dropped. */
  private merge(page: Page, outcomes: readonly Outcome<SourceResult[]>[]): SourceResult[] {
    const { profile, config, deadline, capped, needed, skip, offset } = page;
    const results: SourceResult[] = [];
    outcomes.forEach((outcome, i) => {
      const source = config.sources[i];
      if (outcome.status === 'ok' && Array.isArray(outcome.value)) {
        for (const r of outcome.value) results.push(r);
        return;
      }
      // Stopped because the client went away: nobody reads this answer, and the source did nothing wrong.
      if (outcome.status === 'cancelled') return;
      const why =
        outcome.status === 'ok' ? 'search did not return a list' : failureReason(outcome, deadline.ms, 'search');
      this.throttled.warn(
        `${source.name}:${outcome.status}`,
        { profile, source: source.name, backend: source.backend, outcome: outcome.status },
        `lookup in profile ${profile}: source ${source.name} (${source.backend}) dropped: ${why}`,
      );
    });
    if (capped && results.length > needed - skip) {
      this.throttled.info(
        `${profile}:capped`,
        { profile, max_results: config.maxResults },
        `lookup in profile ${profile}: answer cut at max_results (${config.maxResults}); ` +
          `raise services.lookup.${profile}.max_results for more`,
      );
    }
    return results.slice(offset - skip, needed - skip);
  }
}

/** What {@link FanOutLookupService.merge} cuts the page by. */
interface Page {
  readonly profile: string;
  readonly config: LookupProfile;
  readonly deadline: Deadline;
  readonly capped: boolean;
  readonly needed: number;
  readonly skip: number;
  readonly offset: number;
}

function supportsOffset(source: BaseSourcePlugin): boolean {
  return (source.constructor as { supportsOffset?: boolean }).supportsOffset === true;
}
