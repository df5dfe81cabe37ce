import type { PluginKind } from '@dird/core';

/** The npm package of each plugin this project publishes, so "not installed" can say what to install. */
const KNOWN: Record<PluginKind, Record<string, string>> = {
  backend: {
    csv: '@dird/backend-csv',
    csv_ws: '@dird/backend-csv-ws',
    ldap: '@dird/backend-ldap',
    mysql: '@dird/backend-mysql',
    personal: '@dird/backend-personal',
    phonebook: '@dird/backend-phonebook',
    xivo: '@dird/backend-xivo',
  },
  service: {
    lookup: '@dird/service-lookup',
    reverse: '@dird/service-reverse',
    favorites: '@dird/service-favorites',
    personal: '@dird/service-personal',
    user_store: '@dird/service-user-store',
  },
  view: {
    default_json: '@dird/view-rest',
    headers_view: '@dird/view-rest',
    personal_view: '@dird/view-rest',
    cisco_view: '@dird/view-phone',
    aastra_view: '@dird/view-phone',
    polycom_view: '@dird/view-phone',
    snom_view: '@dird/view-phone',
    thomson_view: '@dird/view-phone',
    yealink_view: '@dird/view-phone',
    gigaset_view: '@dird/view-phone',
    htek_view: '@dird/view-phone',
  },
  auth: { wazo: '@dird/auth-wazo', static: '@dird/auth-static' },
};

/** The npm package that provides plugin `name` of `kind`, when it is one of ours. */
export function knownPackageFor(kind: PluginKind, name: string): string | undefined {
  return Object.hasOwn(KNOWN[kind], name) ? KNOWN[kind][name] : undefined;
}

/**
 * The plugins xivo-dird shipped that dird does not provide (behaviour reference §2.1). A migrated config
 * enabling one of them, with no package installed that provides it, starts without it and a warning: there is
 * nothing of ours to install, and xivo-dird itself ignored enabled plugins it did not find.
 */
const XIVO_DIRD_ONLY: Partial<Record<PluginKind, ReadonlySet<string>>> = {
  backend: new Set(['sample']),
};

/** True for a plugin of xivo-dird that dird does not provide (`sample`). */
export function isXivoDirdOnlyPlugin(kind: PluginKind, name: string): boolean {
  return XIVO_DIRD_ONLY[kind]?.has(name) ?? false;
}
