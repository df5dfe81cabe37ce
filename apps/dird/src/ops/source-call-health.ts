import { describeError, type Health, type SourceCallEvent } from '@dird/core';
import { coarseNow } from './coarse-clock.js';
import { redactText } from './redact.js';

/**
 * What the calls of one source last did: failing while its last call failed or timed out, with when and why.
 * A success costs two assignments (the clock is read once a second, not per call); a failure is worded at once.
 */
export class SourceSeen {
  private lastSuccess: number | undefined;
  private lastFailure: { at: number; reason: string } | undefined;
  private failing = false;

  /** Takes one call's outcome. */
  record(event: SourceCallEvent): void {
    // A call stopped because nobody needed its answer any more says nothing of the source.
    if (event.outcome === 'cancelled') return;
    if (event.outcome === 'answered') {
      this.lastSuccess = coarseNow();
      this.failing = false;
      return;
    }
    const reason =
      event.outcome === 'timed_out'
        ? `${event.call} timed out after ${Math.round(event.durationMs)} ms`
        : `${event.call} failed: ${redactText(describeError(event.error))}`;
    this.lastFailure = { at: Date.now(), reason };
    this.failing = true;
  }

  /** The health as the calls show it; undefined before the first call. */
  get health(): Health | undefined {
    if (this.lastSuccess === undefined && this.lastFailure === undefined) return undefined;
    return {
      status: this.failing ? 'failing' : 'ok',
      ...(this.lastFailure ? { lastFailure: this.lastFailure } : {}),
      ...(this.lastSuccess === undefined ? {} : { lastSuccess: this.lastSuccess }),
    };
  }
}

/** The health of each source as its calls show it (the deadline runner's outcomes), by source name. */
export class SourceCallHealth {
  private readonly sources = new Map<string, SourceSeen>();

  /** The record of `source`, made on first use (keep it: {@link SourceSeen.record} on every call). */
  of(source: string): SourceSeen {
    let seen = this.sources.get(source);
    if (!seen) {
      seen = new SourceSeen();
      this.sources.set(source, seen);
    }
    return seen;
  }

  /** The health of `source`'s calls; undefined before its first call. */
  healthOf(source: string): Health | undefined {
    return this.sources.get(source)?.health;
  }
}
