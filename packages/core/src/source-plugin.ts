import type { TSchema } from '@sinclair/typebox';
import type { Health } from './health.js';
import type { DirdConfig, SourceConfig } from './config-types.js';
import type { PluginLoadArgs } from './plugin-args.js';
import type { RequestContext } from './request-context.js';
import type { ServiceRef } from './service-ref.js';
import type { SourceResult } from './source-result.js';

/**
 * What a source gets in `load`: its block as `config`. The services it declares in `needs` are loaded before
 * the sources.
 */
export type SourceLoadArgs<C extends SourceConfig = SourceConfig> = PluginLoadArgs<C>;

/** Per-call arguments of `search`, `firstMatch` and `list`. */
export interface SourceCallArgs {
  /** Aborted when the caller's deadline passes or the client goes away: stop the work and free what it holds. */
  readonly signal: AbortSignal;
  /** The request the call serves: who it is for (`context.identity.userUuid`) and when its answer is due. */
  readonly context: RequestContext;
  /** At most this many results are needed (a hint the source may use to stop early). */
  readonly limit?: number;
  /**
   * Skip this many results first, then answer up to `limit` of those after them. Given only to a source whose
   * class declares `supportsOffset` (a deep page of a one-source profile then costs only that page).
   */
  readonly offset?: number;
  /**
   * For `firstMatch`: equivalent spellings of the number to match (the reverse service normalises them),
   * the first being the number as received.
   */
  readonly candidates?: readonly string[];
}

/**
 * A back-end: one instance per configured source. The daemon sets `name` and `backend`, validates the
 * source block against `configSchema`, then calls `load`. A source that throws in `load` is dropped and
 * logged; the others still serve.
 */
export abstract class BaseSourcePlugin<C extends SourceConfig = SourceConfig> {
  /** Brand the registry checks instead of duck typing. */
  static readonly pluginKind = 'backend';
  /** JSON Schema (TypeBox) of the source block; `name` and `type` are always allowed. */
  static readonly configSchema?: TSchema;
  /** The services the sources of this backend use; they are loaded before the sources. */
  static readonly needs: readonly ServiceRef<unknown>[] = [];
  /** True when `search` honours `offset` (see {@link SourceCallArgs.offset}); false: it is never given one. */
  static readonly supportsOffset: boolean = false;

  /** The source name (config `name`). */
  name = '';
  /** The backend type (config `type`). */
  backend = '';

  /** Opens what the source needs (files, connections). */
  abstract load(args: SourceLoadArgs<C>): Promise<void> | void;

  /** Releases what `load` opened. */
  unload(): Promise<void> | void {}

  /**
   * How the source's server or file works now, for `GET /0.1/status`; undefined (the default): it has nothing to say. Called
   * only when the status is asked: answer what you kept (a `HealthTracker`), do no I/O here.
   */
  health(): Health | undefined {
    return undefined;
  }

  /**
   * On a live reload that leaves this source's block as it was: whether the loaded source can serve the new
   * whole configuration as it is (the default), or must be loaded again (it prepared something for parts of
   * the configuration outside its block that changed, such as the displays of its lookup profiles).
   */
  reusableWith(_mainConfig: DirdConfig): boolean {
    return true;
  }

  /** Contacts matching `term` (an empty term matches everything), in the source's own order. */
  abstract search(term: string, args: SourceCallArgs): Promise<SourceResult[]> | SourceResult[];

  /** The first contact whose `first_matched_columns` equal `exten`, or null. */
  firstMatch(_exten: string, _args: SourceCallArgs): Promise<SourceResult | null> | SourceResult | null {
    return null;
  }

  /** The contacts whose unique id is in `uniqueIds`. */
  list(_uniqueIds: readonly string[], _args: SourceCallArgs): Promise<SourceResult[]> | SourceResult[] {
    return [];
  }
}
