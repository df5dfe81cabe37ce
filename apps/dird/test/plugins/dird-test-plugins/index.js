// Test backends, written in plain JavaScript so the daemon can load them from plugin_paths without a build.
import {
  BaseSourcePlugin,
  commonSourceProperties,
  isPhoneNumberText,
  normalizeNumber,
  ResultBuilder,
  Type,
} from '@dird/core';

/** Fails to load, like xivo-dird's `broken`. */
export class BrokenSourcePlugin extends BaseSourcePlugin {
  load() {
    throw new Error('BROKEN');
  }

  search() {
    return [];
  }
}

/** Loads, then throws on every search and list, like xivo-dird's `broken_lookup`. */
export class BrokenLookupSourcePlugin extends BaseSourcePlugin {
  load() {}

  search() {
    throw new Error('This backend is broken');
  }

  firstMatch() {
    throw new Error('This backend is broken');
  }

  list() {
    throw new Error('This backend is broken');
  }
}

/**
 * Answers `results` (a list of field mappings) after `delay` seconds, or never when `delay` is negative; stops
 * when the caller tells it to, and logs that it did.
 */
export class SlowSourcePlugin extends BaseSourcePlugin {
  static configSchema = Type.Object({
    ...commonSourceProperties,
    delay: Type.Number({ default: 0 }),
    results: Type.Array(Type.Record(Type.String(), Type.String()), { default: [] }),
  });

  load({ config, logger }) {
    this.config = config;
    this.logger = logger;
    this.builder = new ResultBuilder({
      source: this.name,
      backend: this.backend,
      formatColumns: config.format_columns,
    });
  }

  search(_term, { signal }) {
    return this.later(signal, () => this.config.results.map((r) => this.builder.build(r)));
  }

  /** The first of `results` holding one of the candidate numbers (formatting ignored), after `delay`. */
  firstMatch(exten, { signal, candidates }) {
    // As the csv backend compares: a value written as a phone number by its digits, anything else exactly.
    const key = (v) => (isPhoneNumberText(v) && normalizeNumber(v)) || v;
    const wanted = new Set((candidates ?? [exten]).map(key));
    return this.later(signal, () => {
      const hit = this.config.results.find((r) => Object.values(r).some((v) => wanted.has(key(v))));
      return hit ? this.builder.build(hit) : null;
    });
  }

  unload() {
    this.logger.info({ source: this.name }, `slow source ${this.name} unloaded`);
  }

  later(signal, answerWith) {
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        this.logger.info({ source: this.name }, `slow source ${this.name} told to stop`);
        resolve(null);
      };
      const answer = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(answerWith());
      };
      const timer = this.config.delay >= 0 ? setTimeout(answer, this.config.delay * 1000) : undefined;
      signal.addEventListener('abort', onAbort);
    });
  }
}
