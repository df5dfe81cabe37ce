/**
 * What a route needs, declared in its Fastify route `config`: the ACL it requires, a template whose
 * `{param}`s are the route's path parameters (reference §7.1: `dird.directories.lookup.{profile}.read`), or
 * that it is public. The host refuses to start a route that declares neither, and checks it on every request.
 */
export type RouteAccess = { readonly acl: string } | { readonly public: true };

/** The route `config` of a route that requires `aclTemplate`: `{ config: requireAcl('dird.x.{profile}.read') }`. */
export function requireAcl(aclTemplate: string): { readonly access: RouteAccess } {
  return { access: { acl: aclTemplate } };
}

/** The route `config` of a route anyone may call (the API description). */
export function publicRoute(): { readonly access: RouteAccess } {
  return { access: { public: true } };
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * What is wrong with a route's declared access, or undefined: `route` is its URL (`/0.1/x/:profile`), `config`
 * its Fastify route config.
 */
export function routeAccessProblem(route: string, config: unknown): string | undefined {
  const access = (config as { access?: unknown } | undefined)?.access as Partial<Record<string, unknown>> | undefined;
  if (access === undefined || access === null || typeof access !== 'object') {
    return 'declares no access: give it config: requireAcl(template) or publicRoute() from @dird/core';
  }
  if (access.public === true && access.acl === undefined) return undefined;
  if (typeof access.acl !== 'string' || access.acl === '') {
    return 'declares an access that is neither an ACL template nor public';
  }
  const params = new Set([...route.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]));
  for (const [, name] of access.acl.matchAll(PLACEHOLDER)) {
    if (!params.has(name)) return `ACL template ${access.acl} names {${name}}, which is not a parameter of the route`;
  }
  return undefined;
}

/**
 * The ACL a request needs: the template with each `{param}` replaced by the request's value, every `.` in a
 * value replaced by `_` (xivo-dird's rule, so that a value cannot add ACL segments).
 */
export function renderAcl(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => String(params[name] ?? '').replace(/\./g, '_'));
}

/**
 * {@link renderAcl} compiled once for a route: the template split into its literal parts and parameter names,
 * so that a request costs a concatenation (and a replacement only for a value holding a `.`).
 */
export function compileAcl(template: string): (params: Readonly<Record<string, unknown>>) => string {
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    literals.push(template.slice(last, m.index));
    names.push(m[1]);
    last = m.index! + m[0].length;
  }
  literals.push(template.slice(last));
  if (names.length === 0) return () => template;
  return (params) => {
    let acl = literals[0];
    for (let i = 0; i < names.length; i++) {
      const value = String(params[names[i]] ?? '');
      acl += (value.includes('.') ? value.replace(/\./g, '_') : value) + literals[i + 1];
    }
    return acl;
  };
}
