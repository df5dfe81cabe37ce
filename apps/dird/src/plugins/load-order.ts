import { ErrorCodes, type ErrorCode, type ServiceRef } from '@dird/core';

/** What the order needs to know of a plugin class. */
export interface NeedsOf {
  readonly needs?: readonly ServiceRef<unknown>[];
  readonly needsSources?: boolean;
}

/** One step of the start: load a service, or load every source. */
export type LoadStep = { readonly step: 'service'; readonly name: string } | { readonly step: 'sources' };

/** Why a service cannot be loaded, found before anything loads. */
export interface OrderProblem {
  readonly code: ErrorCode;
  readonly reason: string;
}

/** The order of the start, and the services that cannot load whatever happens. */
export interface LoadOrder {
  readonly steps: readonly LoadStep[];
  readonly problems: ReadonlyMap<string, OrderProblem>;
}

const SOURCES = '\0sources';

/**
 * Orders services by their `needs`: a service after those it needs, a service with `needsSources` after the
 * sources, and the sources after the services an enabled backend needs. A required service that is not enabled
 * or not importable (`unavailable`: name → why), or a cycle, is a problem of every service that depends on it;
 * those services are left out of the steps.
 */
export function loadOrder(
  services: ReadonlyMap<string, NeedsOf>,
  backends: ReadonlyMap<string, NeedsOf>,
  unavailable: (name: string) => string,
): LoadOrder {
  const edges = new Map<string, string[]>();
  const problems = new Map<string, OrderProblem>();
  for (const [name, cls] of services) {
    const deps: string[] = [];
    for (const ref of cls.needs ?? []) {
      if (services.has(ref.name)) deps.push(ref.name);
      else if (!ref.optional && !problems.has(name)) {
        problems.set(name, {
          code: ErrorCodes.DEPENDENCY_MISSING,
          reason: `service "${name}" needs service "${ref.name}", which ${unavailable(ref.name)}`,
        });
      }
    }
    if (cls.needsSources ?? true) deps.push(SOURCES);
    edges.set(name, deps);
  }
  edges.set(SOURCES, [
    ...new Set(
      [...backends.values()].flatMap((b) => (b.needs ?? []).map((r) => r.name)).filter((n) => services.has(n)),
    ),
  ]);

  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: string, path: string[]): void => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(node)), node];
      const through = cycle.includes(SOURCES)
        ? ': a backend needs a service that gets the sources (if it does not use them, give it needsSources = false)'
        : '';
      const text = cycle.map((n) => (n === SOURCES ? 'the sources' : n)).join(' → ') + through;
      for (const member of cycle) {
        if (member !== SOURCES && !problems.has(member)) {
          problems.set(member, {
            code: ErrorCodes.DEPENDENCY_CYCLE,
            reason: `service "${member}" is in a cycle of needs: ${text}`,
          });
        }
      }
      return;
    }
    state.set(node, 'visiting');
    for (const dep of edges.get(node) ?? []) visit(dep, [...path, node]);
    state.set(node, 'done');
    order.push(node);
  };
  for (const name of [...services.keys()].sort()) visit(name, []);
  visit(SOURCES, []);

  // A service that depends on one that cannot load cannot load either.
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, deps] of edges) {
      if (name === SOURCES || problems.has(name)) continue;
      const required = new Set((services.get(name)!.needs ?? []).filter((r) => !r.optional).map((r) => r.name));
      const blocked = deps.find((d) => required.has(d) && problems.has(d));
      if (blocked) {
        problems.set(name, {
          code: ErrorCodes.DEPENDENCY_MISSING,
          reason: `service "${name}" needs service "${blocked}", which cannot load: ${problems.get(blocked)!.reason}`,
        });
        changed = true;
      }
    }
  }
  const steps = order
    .filter((n) => !problems.has(n))
    .map((n): LoadStep => (n === SOURCES ? { step: 'sources' } : { step: 'service', name: n }));
  return { steps, problems };
}
