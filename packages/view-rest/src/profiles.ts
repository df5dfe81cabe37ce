import { buildDisplays, HttpError, type Display, type Logger, type ViewsConfig } from '@dird/core';

/** The displays of every profile, and the 404 for a profile that does not exist. */
export class ProfileDisplays {
  private readonly displays: Map<string, Display>;

  constructor(views: ViewsConfig, logger: Logger) {
    this.displays = buildDisplays(views, logger);
  }

  /** The display of `profile`; throws the xivo-dird 404 when `profile` is not in `profile_to_display`. */
  get(profile: string): Display {
    const display = this.displays.get(profile);
    if (!display) throw new HttpError(404, [`The profile \`${profile}\` does not exist`]);
    return display;
  }
}
