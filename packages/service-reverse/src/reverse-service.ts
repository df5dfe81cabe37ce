import {
  Deadline,
  failureReason,
  noMetrics,
  phoneCandidates,
  RequestContext,
  ThrottledLog,
  type BaseSourcePlugin,
  type Logger,
  type Metrics,
  type Outcome,
  type PhoneSettings,
  type SourceResult,
} from '@dird/core';
import type { ReverseOptions, ReverseService } from './contract.js';

/** A profile ready to serve: its loaded sources in priority order, its deadline and its numbering plan. */
export interface ReverseProfile {
  readonly sources: readonly BaseSourcePlugin[];
  readonly timeoutMs: number;
  readonly phone: PhoneSettings;
}

/**
 * Asks every source of the profile at once, then decides in the profile's order: the first source that
 * matched wins, as soon as every source before it has answered "no" (or failed, or missed the deadline). So the
 * same number always shows the same name, and a match of the first source needs no wait for the others.
 */
export class OrderedReverseService implements ReverseService {
  private readonly drops: ThrottledLog;

  constructor(
    private readonly profiles: ReadonlyMap<string, ReverseProfile>,
    private readonly logger: Logger,
    private readonly metrics: Metrics = noMetrics,
  ) {
    this.drops = new ThrottledLog(logger);
  }

  async reverse(profile: string, exten: string, options: ReverseOptions = {}): Promise<SourceResult | null> {
    return this.reverseNow(profile, exten, options);
  }

  reverseNow(
    profile: string,
    exten: string,
    options: ReverseOptions = {},
  ): SourceResult | null | Promise<SourceResult | null> {
    const config = this.profiles.get(profile);
    if (!config) {
      this.logger.warn({ profile }, `Cannot find reverse sources for profile ${profile}`);
      return null;
    }
    const candidates = phoneCandidates(exten, config.phone);
    if (candidates.length === 0) return null;
    const context = options.context ?? RequestContext.anonymous();
    const deadline = new Deadline(config.timeoutMs, { context, metrics: this.metrics });
    const args = deadline.sourceArgs({ candidates }, context);
    let later = false;
    try {
      // Every source is asked at once; in-memory sources answer without a promise, and nothing is awaited then.
      const pending = config.sources.map((source) =>
        deadline.runNow(() => source.firstMatch(exten, args), { source, call: 'firstMatch' }),
      );
      for (let i = 0; i < pending.length; i++) {
        const outcome = pending[i];
        if (outcome instanceof Promise) {
          later = true;
          return this.decideLater(profile, config, deadline, pending, i);
        }
        if (this.matched(profile, config, deadline, i, outcome)) return outcome.value;
      }
      return null;
    } finally {
      // Released here once decided; a decision that waits for a source releases it when it is made.
      if (!later) deadline.release();
    }
  }

  /** The rest of {@link reverseNow} from source `from` on, once a source before the decision answers later. */
  private async decideLater(
    profile: string,
    config: ReverseProfile,
    deadline: Deadline,
    pending: readonly (Outcome<SourceResult | null> | Promise<Outcome<SourceResult | null>>)[],
    from: number,
  ): Promise<SourceResult | null> {
    try {
      for (let i = from; i < pending.length; i++) {
        const outcome = await pending[i];
        if (this.matched(profile, config, deadline, i, outcome)) return outcome.value;
      }
      return null;
    } finally {
      deadline.release();
    }
  }

  /** True when source `i` matched; logs it as dropped when it failed or ran out of time. */
  private matched(
    profile: string,
    config: ReverseProfile,
    deadline: Deadline,
    i: number,
    outcome: Outcome<SourceResult | null>,
  ): outcome is { readonly status: 'ok'; readonly value: SourceResult } {
    if (outcome.status === 'ok' && outcome.value) return true;
    if (outcome.status === 'error' || outcome.status === 'timeout') {
      this.logDrop(profile, deadline.ms, config.sources[i], outcome);
    }
    return false;
  }

  private logDrop(
    profile: string,
    timeoutMs: number,
    source: BaseSourcePlugin,
    outcome: { status: 'error'; error: unknown } | { status: 'timeout' },
  ): void {
    const why = failureReason(outcome, timeoutMs, 'first_match');
    this.drops.warn(
      `${source.name}:${outcome.status}`,
      { profile, source: source.name, backend: source.backend, outcome: outcome.status },
      `reverse lookup in profile ${profile}: source ${source.name} (${source.backend}) counted as no match: ${why}`,
    );
  }
}
