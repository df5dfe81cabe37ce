// Plugins for the daemon tests of the plugin host: services that need each other, a backend that needs a
// service, views that break the rules. Plain JavaScript, loaded from plugin_paths without a build.
import {
  aclMatches,
  AuthUnavailableError,
  BaseAuthPlugin,
  BaseServicePlugin,
  BaseSourcePlugin,
  BaseViewPlugin,
  commonSourceProperties,
  ResultBuilder,
  serviceRef,
  Type,
} from '@dird/core';

const memoStore = serviceRef('memo_store');

/** A store that needs no sources (`needsSources: false`): backends may need it. */
export class MemoStoreServicePlugin extends BaseServicePlugin {
  static needsSources = false;
  static configSchema = Type.Object({ entries: Type.Array(Type.String(), { default: [] }) }, { default: {} });

  load({ config, sources, logger }) {
    logger.info({ sourcesSeen: sources.size }, `memo_store loaded with ${sources.size} sources`);
    return { entries: () => config.entries };
  }
}

/** A backend whose contacts are the entries of the `memo_store` service, and who asks: the request's user. */
export class StoreBackedSourcePlugin extends BaseSourcePlugin {
  static needs = [memoStore];
  static configSchema = Type.Object({ ...commonSourceProperties });

  load({ services }) {
    this.store = services.require(memoStore);
    this.builder = new ResultBuilder({ source: this.name, backend: this.backend });
  }

  search(term, { context }) {
    return this.store
      .entries()
      .filter((e) => e.includes(term))
      .map((name) => this.builder.build({ name, asked_by: context.identity.userUuid ?? 'anonymous' }));
  }

  firstMatch(exten, { context }) {
    return this.builder.build({ name: exten, asked_by: context.identity.userUuid ?? 'anonymous' });
  }
}

/** Needs a service that needs the sources, while a backend needs it: a cycle through the sources. */
export class SourceHungryServicePlugin extends BaseServicePlugin {
  load() {
    return {};
  }
}

/** A backend needing `source_hungry`, which needs the sources. */
export class NeedsHungrySourcePlugin extends BaseSourcePlugin {
  static needs = [serviceRef('source_hungry')];

  load() {}

  search() {
    return [];
  }
}

/** `cycle_a` needs `cycle_b`, which needs `cycle_a`. */
export class CycleAServicePlugin extends BaseServicePlugin {
  static needs = [serviceRef('cycle_b')];

  load() {
    return {};
  }
}

/** See {@link CycleAServicePlugin}. */
export class CycleBServicePlugin extends BaseServicePlugin {
  static needs = [serviceRef('cycle_a')];

  load() {
    return {};
  }
}

/** Needs a service nobody enables. */
export class NeedsMissingServicePlugin extends BaseServicePlugin {
  static needs = [serviceRef('nowhere_to_be_found')];

  load() {
    return {};
  }
}

/** Needs `memo_store`, loaded after it; answers how many entries it sees. */
export class MemoReaderServicePlugin extends BaseServicePlugin {
  static needs = [memoStore];

  load({ services }) {
    const store = services.require(memoStore);
    return { count: () => store.entries().length };
  }
}

/** A view with one route declaring its ACL and one declaring nothing: the host refuses the view. */
export class UndeclaredViewPlugin extends BaseViewPlugin {
  load({ app }) {
    app.get('/0.1/test/declared', { config: { access: { acl: 'dird.test.read' } } }, async () => ({ ok: true }));
    app.get('/0.1/test/undeclared', async () => ({ ok: true }));
  }
}

/**
 * A view answering what the host handed it: the start-up report at request time, and what `memo_reader` counts;
 * its errors answer in its own shape (its own error handler), and it says when its scope closes.
 */
export class HostProbeViewPlugin extends BaseViewPlugin {
  static needs = [serviceRef('memo_reader', { optional: true })];

  load({ app, services, report, logger }) {
    const reader = services.get(serviceRef('memo_reader', { optional: true }));
    app.setErrorHandler((error, _request, reply) => reply.code(418).type('text/plain').send(`probe: ${error.message}`));
    app.addHook('onClose', async () => logger.info('host_probe scope closed'));
    const access = { access: { public: true } };
    app.get('/0.1/test/report', { config: access }, async () => ({
      complete: report.complete,
      entries: report.entries,
      memo_count: reader ? reader.count() : null,
    }));
    app.get('/0.1/test/fail', { config: access }, async () => {
      throw new Error('on purpose');
    });
    app.get('/0.1/test/secret/:who', { config: { access: { acl: 'dird.test.secret.{who}' } } }, async () => ({
      secret: true,
    }));
  }
}

/**
 * A token verifier for the host's tests: `tokens` maps a token to its user and ACL patterns; `down: true` makes
 * it unable to tell. It logs every ACL it is asked (never the token), so tests see the exact scope.
 */
export class TestTokensAuthPlugin extends BaseAuthPlugin {
  static configSchema = Type.Object({
    tokens: Type.Record(
      Type.String(),
      Type.Object({ user: Type.String(), acls: Type.Array(Type.String()), tenant: Type.Optional(Type.String()) }),
      { default: {} },
    ),
    down: Type.Boolean({ default: false }),
  });

  load({ config, logger }) {
    this.config = config;
    this.logger = logger;
  }

  async verify(token, acl) {
    this.logger.info({ acl }, `asked for ${acl}`);
    if (this.config.down) throw new AuthUnavailableError('the test verifier is down');
    const entry = Object.hasOwn(this.config.tokens, token) ? this.config.tokens[token] : undefined;
    if (!entry) return { valid: false, reason: 'unknown token' };
    if (!entry.acls.some((p) => aclMatches(p, acl, entry.user))) return { valid: false, reason: `not granted ${acl}` };
    return { valid: true, userUuid: entry.user, tenant: entry.tenant ?? null };
  }
}
