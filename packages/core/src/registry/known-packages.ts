import type { PluginKind } from '../plugin-kinds.js';

/** The npm package of each plugin this project publishes, so "not installed" can say what to install. */
const KNOWN: Record<PluginKind, Record<string, string>> = {
  backend: { csv: '@dird/backend-csv', ldap: '@dird/backend-ldap', mysql: '@dird/backend-mysql' },
  service: { lookup: '@dird/service-lookup', reverse: '@dird/service-reverse' },
  view: { default_json: '@dird/view-rest', headers_view: '@dird/view-rest' },
};

/** The npm package that provides plugin `name` of `kind`, when it is one of ours. */
export function knownPackageFor(kind: PluginKind, name: string): string | undefined {
  return Object.hasOwn(KNOWN[kind], name) ? KNOWN[kind][name] : undefined;
}
