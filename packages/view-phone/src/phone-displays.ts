import { ConfigError, HttpError, type Logger } from '@dird/core';
import type { PhoneViewsConfig } from './config.js';
import { compileNameFormat, type NameFormat } from './name-format.js';

/** One number of a phone display, ready to use. */
export interface PhoneNumberRule {
  readonly fields: readonly string[];
  /** Undefined: the entry is named after the contact. */
  readonly nameFormat: NameFormat | undefined;
}

/** A phone display, ready to use: the candidate fields of the name, and the numbers. */
export interface PhoneDisplay {
  readonly name: readonly string[];
  readonly numbers: readonly PhoneNumberRule[];
}

/**
 * The phone display of every phone profile (`views.profile_to_display_phone` and `views.displays_phone`), and
 * xivo-dird's 404 for a phone profile that has none. Built at load: a profile naming a display that does not
 * exist, or a `name_format` with an unknown placeholder, is a config error naming its key.
 */
export class PhoneDisplays {
  private readonly byProfile = new Map<string, PhoneDisplay>();

  constructor(config: PhoneViewsConfig, logger: Logger) {
    const displays = config.displays_phone;
    if (!displays) {
      throw new ConfigError('is not set: the phone views need at least one phone display (see docs/phones.md)', {
        key: 'views.displays_phone',
      });
    }
    const built = new Map<string, PhoneDisplay>();
    for (const [name, display] of Object.entries(displays)) {
      built.set(name, {
        name: display.name,
        numbers: display.number.map((n, i) => ({
          fields: n.field,
          nameFormat:
            n.name_format === undefined
              ? undefined
              : compileNameFormat(n.name_format, `views.displays_phone.${name}.number.${i}.name_format`),
        })),
      });
    }
    const profiles = config.profile_to_display_phone ?? {};
    for (const [profile, displayName] of Object.entries(profiles)) {
      const display = built.get(displayName);
      if (!display) {
        throw new ConfigError(
          `phone display \`${displayName}\` is not defined in views.displays_phone (defined: ${[...built.keys()].join(', ')})`,
          { key: `views.profile_to_display_phone.${profile}` },
        );
      }
      this.byProfile.set(profile, display);
    }
    if (this.byProfile.size === 0) {
      logger.warn('views.profile_to_display_phone names no phone profile: every phone URL answers 404');
    }
  }

  /** The display of phone profile `profile`; throws xivo-dird's 404 when it has none. */
  get(profile: string): PhoneDisplay {
    const display = this.byProfile.get(profile);
    if (!display) throw new HttpError(404, [`The profile \`${profile}\` does not exist`]);
    return display;
  }
}
