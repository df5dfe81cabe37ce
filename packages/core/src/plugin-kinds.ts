/** The entry-point namespaces, the npm analogue of xivo-dird's setuptools groups. */
export const Namespaces = {
  backend: 'dird.backends',
  service: 'dird.services',
  view: 'dird.views',
} as const;

/** A plugin kind: `backend`, `service` or `view`. */
export type PluginKind = keyof typeof Namespaces;

/** An entry-point namespace: `dird.backends`, `dird.services` or `dird.views`. */
export type Namespace = (typeof Namespaces)[PluginKind];

/** The kind whose namespace is `namespace`. */
export function kindOf(namespace: Namespace): PluginKind {
  return (Object.keys(Namespaces) as PluginKind[]).find((k) => Namespaces[k] === namespace)!;
}
