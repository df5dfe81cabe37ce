import type { DirdConfig, ViewsConfig } from './config-types.js';
import type { Logger } from './logger.js';

/** What a view gets in `load`. `App` is the HTTP app type (Fastify for the bundled views). */
export interface ViewLoadArgs<App = unknown> {
  /** The `views` section (what xivo-dird passes to views). */
  readonly config: ViewsConfig;
  /** The whole merged configuration. */
  readonly mainConfig: DirdConfig;
  /** The HTTP app to register routes on. */
  readonly app: App;
  /** The services that loaded, by name. */
  readonly services: ReadonlyMap<string, unknown>;
  readonly logger: Logger;
}

/** A view: `load` registers routes on the HTTP app. */
export abstract class BaseViewPlugin<App = unknown> {
  /** Brand the registry checks instead of duck typing. */
  static readonly pluginKind = 'view';

  /** Registers the view's routes. */
  abstract load(args: ViewLoadArgs<App>): Promise<void> | void;

  /** Releases what `load` opened. */
  unload(): Promise<void> | void {}
}
