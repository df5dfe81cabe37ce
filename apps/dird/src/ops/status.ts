import type {
  BaseAuthPlugin,
  BaseServicePlugin,
  BaseSourcePlugin,
  Health,
  ReportEntry,
  ReportSubject,
  StartupReport,
} from '@dird/core';
import { isXivoDirdOnlyPlugin } from '../plugins/known-packages.js';
import { redactText } from './redact.js';
import type { SourceCallHealth } from './source-call-health.js';

/** What the loaded plugins say of their dependencies, asked when the status is. */
export interface PluginHealth {
  readonly sources: ReadonlyMap<string, Health | undefined>;
  readonly services: ReadonlyMap<string, Health | undefined>;
  /** The token verifier's, when there is one. */
  readonly auth?: Health;
}

/** The loaded instances {@link pluginHealth} asks. */
export interface LoadedInstances {
  readonly sources: ReadonlyMap<string, BaseSourcePlugin>;
  readonly services: ReadonlyMap<string, { readonly plugin: BaseServicePlugin }>;
  readonly verifier?: BaseAuthPlugin;
}

/** Asks every loaded source, service and the verifier for its `health()` (a plugin that throws says nothing). */
export function pluginHealth(loaded: LoadedInstances): PluginHealth {
  const ask = (plugin: { health(): Health | undefined } | undefined) => {
    try {
      return plugin?.health();
    } catch {
      return undefined;
    }
  };
  return {
    sources: new Map([...loaded.sources].map(([name, source]) => [name, ask(source)])),
    services: new Map([...loaded.services].map(([name, { plugin }]) => [name, ask(plugin)])),
    auth: ask(loaded.verifier),
  };
}

/** What the status body is made of. */
export interface StatusInputs {
  readonly report: StartupReport;
  readonly health: PluginHealth;
  readonly sourceCalls: SourceCallHealth;
  readonly version: string;
  /** When the process started (epoch milliseconds). */
  readonly startedAt: number;
}

type Json = Record<string, unknown>;

/**
 * The body of `GET /0.1/status`: the daemon's state (`ok`, or `degraded` when a plugin or source did not load,
 * but for a xivo-dird plugin dird does not provide, or a dependency is failing), then every source and plugin as
 * the start-up report has it, with `status` `ok` or `failing` for those loaded, and the user store and the token
 * verifier when there are (docs/operations.md).
 */
export function statusBody(inputs: StatusInputs): Json {
  const { report, health } = inputs;
  const entries = report.entries;
  let failing = false;
  /** An entry of the report, with the health of what it depends on when it loaded. */
  const describe = (entry: ReportEntry, seen: Health | undefined): Json => {
    if (seen?.status === 'failing') failing = true;
    return describeEntry(entry, seen);
  };
  const of = (subject: ReportSubject) => entries.filter((e) => e.subject === subject);
  // fromEntries: a source named `__proto__` stays a key.
  const sources = Object.fromEntries(
    of('source').map((entry) => {
      if (entry.state !== 'loaded') return [entry.name, describe(entry, undefined)];
      const seen = merge(health.sources.get(entry.name), inputs.sourceCalls.healthOf(entry.name));
      return [entry.name, describe(entry, seen ?? { status: 'ok' })];
    }),
  );
  const plugins = (subject: ReportSubject, healthOf?: (name: string) => Health | undefined) =>
    Object.fromEntries(
      of(subject).map((e) => [e.name, describe(e, e.state === 'loaded' ? healthOf?.(e.name) : undefined)]),
    );
  const body: Json = {
    status: 'ok',
    version: inputs.version,
    started_at: new Date(inputs.startedAt).toISOString(),
    uptime_seconds: Math.round((Date.now() - inputs.startedAt) / 1000),
    rest_api: { status: 'ok' },
    sources,
    plugins: {
      backends: plugins('backend'),
      services: plugins('service', (name) => health.services.get(name)),
      views: plugins('view'),
    },
  };
  const store = entries.find((e) => e.subject === 'service' && e.name === 'user_store');
  if (store)
    body.user_store = describe(store, store.state === 'loaded' ? health.services.get('user_store') : undefined);
  const auth = entries.find((e) => e.subject === 'auth');
  if (auth)
    body.auth = {
      type: auth.name,
      ...describe(auth, auth.state === 'loaded' ? (health.auth ?? { status: 'ok' }) : undefined),
    };
  const troubled = entries.some((e) => e.state === 'failed' || (e.state === 'not_installed' && !expectedMissing(e)));
  if (troubled || failing) body.status = 'degraded';
  return body;
}

/** A xivo-dird plugin dird does not provide, left enabled by a migrated config: expected, and only warned about. */
function expectedMissing(entry: ReportEntry): boolean {
  return entry.subject !== 'source' && entry.subject !== 'auth' && isXivoDirdOnlyPlugin(entry.subject, entry.name);
}

function describeEntry(entry: ReportEntry, health: Health | undefined): Json {
  return {
    ...(entry.backend === undefined ? {} : { backend: entry.backend }),
    state: entry.state,
    ...(health ? healthJson(health) : {}),
    ...(entry.code === undefined ? {} : { code: entry.code }),
    ...(entry.reason === undefined ? {} : { reason: redactText(entry.reason) }),
    ...(entry.package === undefined ? {} : { package: entry.package }),
    ...(entry.file === undefined ? {} : { file: entry.file }),
  };
}

function healthJson(health: Health): Json {
  return {
    status: health.status,
    ...(health.target === undefined ? {} : { target: redactText(health.target) }),
    ...(health.lastFailure
      ? {
          last_failure: {
            at: new Date(health.lastFailure.at).toISOString(),
            reason: redactText(health.lastFailure.reason),
          },
        }
      : {}),
    ...(health.lastSuccess === undefined ? {} : { last_success: new Date(health.lastSuccess).toISOString() }),
  };
}

/** A source's own health and its calls': failing if either is, the latest failure and success of both. */
function merge(own: Health | undefined, calls: Health | undefined): Health | undefined {
  if (!own || !calls) return own ?? calls;
  const failures = [own.lastFailure, calls.lastFailure].filter((f) => f !== undefined);
  const successes = [own.lastSuccess, calls.lastSuccess].filter((s) => s !== undefined);
  return {
    status: own.status === 'failing' || calls.status === 'failing' ? 'failing' : 'ok',
    ...(own.target === undefined ? {} : { target: own.target }),
    ...(failures.length ? { lastFailure: failures.reduce((a, b) => (b.at > a.at ? b : a)) } : {}),
    ...(successes.length ? { lastSuccess: Math.max(...successes) } : {}),
  };
}
