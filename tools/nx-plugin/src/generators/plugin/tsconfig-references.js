// @ts-check
import { readJson } from '@nx/devkit';

/** @typedef {import('@nx/devkit').Tree} Tree */

/**
 * Adds a project to the root tsconfig.json references (what `tsc -b tsconfig.json` builds), beside the other
 * projects of its folder in name order, keeping the file's one-line `{ "path": … }` entries.
 * @param {Tree} tree
 * @param {string} projectTsconfig e.g. `packages/backend-crm/tsconfig.lib.json`
 */
export function addTsconfigReference(tree, projectTsconfig) {
  const file = 'tsconfig.json';
  const json = readJson(tree, file);
  /** @type {{path: string}[]} */
  const references = json.references ?? [];
  const wanted = `./${projectTsconfig}`;
  if (references.some((r) => r.path === wanted)) return;
  const folder = wanted.split('/').slice(0, 2).join('/') + '/';
  const group = references.map((r, i) => [r.path, i]).filter(([p]) => String(p).startsWith(folder));
  const before = group.filter(([p]) => String(p) < wanted);
  const after = (before.length > 0 ? before : group).at(-1)?.[1];
  references.splice(typeof after === 'number' ? after + 1 : references.length, 0, { path: wanted });
  json.references = references;
  tree.write(file, JSON.stringify(json, null, 2).replace(/\{\s+"path": ("[^"]*")\s+\}/g, '{ "path": $1 }') + '\n');
}
