import type { ErrorCode } from './errors.js';

/** What an entry of the start-up report is about: a plugin of a kind (`auth`: the token verifier), or a source. */
export type ReportSubject = 'backend' | 'service' | 'view' | 'source' | 'auth';

/**
 * How it ended at start: `loaded`; `failed` (installed but broken, a bad config block, `load` threw or hung, a
 * needed service missing); `not_installed` (enabled, but no package provides it); `skipped` (a source whose
 * backend is not enabled or not loadable, left out on purpose).
 */
export type ReportState = 'loaded' | 'failed' | 'not_installed' | 'skipped';

/** One plugin or source, as the start went for it. */
export interface ReportEntry {
  readonly subject: ReportSubject;
  /** The plugin name (`csv`, `lookup`, `default_json`) or the source name (`crm`). */
  readonly name: string;
  /** For a source: its backend (`type`). */
  readonly backend?: string;
  readonly state: ReportState;
  /** A stable code when it is not loaded (`DIRD_ERR_PLUGIN_NOT_INSTALLED`, `DIRD_ERR_LOAD_FAILED`, …). */
  readonly code?: ErrorCode;
  /** Why it is not loaded, as logged. */
  readonly reason?: string;
  /** The config file that enabled or defined it, when known. */
  readonly file?: string;
  /** For a plugin: the npm package and version that provides it. */
  readonly package?: string;
}

/**
 * The state of every plugin and source after the start: logged once when the daemon listens, kept for its
 * lifetime, and handed to every plugin in `load` (a status view reads it at request time, once complete).
 */
export interface StartupReport {
  /** Every entry so far, in the order the start reached them. */
  readonly entries: readonly ReportEntry[];
  /** True once the daemon listens: nothing is added after. */
  readonly complete: boolean;
  /** The entry of `name` among `subject`s. */
  find(subject: ReportSubject, name: string): ReportEntry | undefined;
}

const STATES: readonly ReportState[] = ['loaded', 'failed', 'not_installed', 'skipped'];

/** The report the host fills while it starts. */
export class StartupReportBuilder implements StartupReport {
  private readonly list: ReportEntry[] = [];
  private done = false;

  get entries(): readonly ReportEntry[] {
    return this.list;
  }

  get complete(): boolean {
    return this.done;
  }

  find(subject: ReportSubject, name: string): ReportEntry | undefined {
    return this.list.find((e) => e.subject === subject && e.name === name);
  }

  /** Records (or replaces) the entry of `entry.subject` `entry.name`. */
  record(entry: ReportEntry): void {
    if (this.done) throw new Error('the start-up report is complete');
    const at = this.list.findIndex((e) => e.subject === entry.subject && e.name === entry.name);
    if (at >= 0) this.list[at] = entry;
    else this.list.push(Object.freeze({ ...entry }));
  }

  /** Marks the report complete. */
  finish(): void {
    this.done = true;
  }

  /** `sources: 2 loaded, 1 failed; services: 2 loaded; views: 2 loaded, 1 not installed`. */
  summary(): string {
    const parts: string[] = [];
    for (const subject of ['backend', 'source', 'service', 'view', 'auth'] as const) {
      const states = STATES.map(
        (state) => [state, this.list.filter((e) => e.subject === subject && e.state === state).length] as const,
      )
        .filter(([, n]) => n > 0)
        .map(([state, n]) => `${n} ${state.replace('_', ' ')}`)
        .join(', ');
      if (!states) continue;
      parts.push(`${subject}s: ${states}`);
    }
    return parts.join('; ');
  }
}
