import { describeError, type Health, type SourceCallEvent } from '@dird/core';
import { redactText } from './redact.js';

/** What the calls of one source last did. */
interface Seen {
  lastSuccess: number | undefined;
  lastFailure: { at: number; reason: string } | undefined;
  failing: boolean;
}

/**
 * The health of each source as its calls show it (the deadline runner's outcomes): failing while its last call
 * failed or timed out, with when and why. A success costs a clock read; the reason is only worded on failure.
 */
export class SourceCallHealth {
  private readonly sources = new Map<string, Seen>();

  /** Takes one call's outcome. */
  record(event: SourceCallEvent): void {
    let seen = this.sources.get(event.source);
    if (!seen) {
      seen = { lastSuccess: undefined, lastFailure: undefined, failing: false };
      this.sources.set(event.source, seen);
    }
    if (event.outcome === 'answered') {
      seen.lastSuccess = Date.now();
      seen.failing = false;
      return;
    }
    const reason =
      event.outcome === 'timed_out'
        ? `${event.call} timed out after ${Math.round(event.durationMs)} ms`
        : `${event.call} failed: ${redactText(describeError(event.error))}`;
    seen.lastFailure = { at: Date.now(), reason };
    seen.failing = true;
  }

  /** The health of `source`'s calls; undefined before its first call. */
  of(source: string): Health | undefined {
    const seen = this.sources.get(source);
    if (!seen) return undefined;
    return {
      status: seen.failing ? 'failing' : 'ok',
      ...(seen.lastFailure ? { lastFailure: seen.lastFailure } : {}),
      ...(seen.lastSuccess === undefined ? {} : { lastSuccess: seen.lastSuccess }),
    };
  }
}
