import type { DirdConfig } from './config-types.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { Services } from './service-ref.js';
import type { StartupReport } from './startup-report.js';

/** What every plugin's `load` gets, whatever its kind. */
export interface PluginLoadArgs<C> {
  /**
   * The plugin's own block, validated against its `configSchema`, defaults applied, paths resolved: a source's
   * block, `services.<name>` for a service, the `views` section for a view.
   */
  readonly config: C;
  /** The whole merged configuration (xivo-dird's `main_config`). */
  readonly mainConfig: DirdConfig;
  /** The services the plugin declared in its static `needs`. */
  readonly services: Services;
  /** A child logger bound to the plugin (`dird:<kind>:<name>`; a source's also carries `source`). */
  readonly logger: Logger;
  /** Where to report what the plugin measures; does nothing unless the host is told otherwise. */
  readonly metrics: Metrics;
  /** The start-up report: complete once the daemon listens (read it at request time, not in `load`). */
  readonly report: StartupReport;
}
