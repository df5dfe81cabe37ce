import kinds from './plugin-kinds.json' with { type: 'json' };

/**
 * The plugin kinds, in load order: the one table the registry, the daemon and the generator read
 * (`plugin-kinds.json`, also exported as `@dird/core/plugin-kinds.json` for tools that cannot load TypeScript).
 */
export const PluginKinds = kinds satisfies Record<string, PluginKindInfo>;

/** What the table says of one kind. */
export interface PluginKindInfo {
  /** The entry-point namespace, the npm analogue of xivo-dird's setuptools groups: `dird.backends`. */
  readonly namespace: string;
  /**
   * The list under `enabled_plugins` that enables plugins of this kind (`backends`); null for a kind the config
   * chooses otherwise (the token verifier: `auth.type`).
   */
  readonly enabledKey: string | null;
  /** The `@dird/core` class a plugin of this kind extends. */
  readonly baseClass: string;
  /** The suffix of a plugin class and module name: `CsvSourcePlugin`, `csv-source-plugin.ts`. */
  readonly suffix: string;
}

/** A plugin kind: `backend`, `service`, `view` or `auth`. */
export type PluginKind = keyof typeof kinds;

/** A kind enabled by a list under `enabled_plugins`: `backend`, `service` or `view`. */
export type EnabledKind = 'backend' | 'service' | 'view';

/** An entry-point namespace: `dird.backends`, `dird.services` or `dird.views`. */
export type Namespace = string;

/** Every kind. */
export const PLUGIN_KINDS = Object.keys(kinds) as PluginKind[];

/** The kinds `enabled_plugins` lists, in load order (backends, services, views). */
export const ENABLED_KINDS = PLUGIN_KINDS.filter((k) => kinds[k].enabledKey !== null) as EnabledKind[];

/** The entry-point namespace of each kind. */
export const Namespaces = Object.fromEntries(PLUGIN_KINDS.map((k) => [k, kinds[k].namespace])) as {
  readonly [K in PluginKind]: (typeof kinds)[K]['namespace'];
};

/** The kind whose namespace is `namespace`. */
export function kindOf(namespace: Namespace): PluginKind {
  return PLUGIN_KINDS.find((k) => kinds[k].namespace === namespace)!;
}
