import { buildDisplays, type Display } from './display.js';
import type { ViewsConfig } from './config-types.js';
import { HttpError } from './http-error.js';
import type { Logger } from './logger.js';

/**
 * The displays of every profile (`views.profile_to_display` and `views.displays`), and xivo-dird's 404 for a
 * profile that has none: what every JSON view of a profile answers with.
 */
export class ProfileDisplays {
  private readonly displays: Map<string, Display>;

  constructor(views: ViewsConfig, logger?: Logger) {
    this.displays = buildDisplays(views, logger);
  }

  /** The display of `profile`; throws the xivo-dird 404 when `profile` is not in `profile_to_display`. */
  get(profile: string): Display {
    const display = this.displays.get(profile);
    if (!display) throw new HttpError(404, [`The profile \`${profile}\` does not exist`]);
    return display;
  }

  /** True when `profile` is in `profile_to_display`. */
  has(profile: string): boolean {
    return this.displays.has(profile);
  }
}
