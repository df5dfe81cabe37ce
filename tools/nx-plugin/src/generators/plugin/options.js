// @ts-check
// Plain JavaScript (type-checked through JSDoc): Nx requires a generator's module as is, and on Node 20 it
// cannot load TypeScript without swc-node or ts-node, which this workspace does not install.
import { names, readJson } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** @typedef {import('@nx/devkit').Tree} Tree */
/** @typedef {'backend' | 'service' | 'view'} PluginKind */

/**
 * What `nx g @dird/tools:plugin` accepts (see schema.json).
 * @typedef {object} PluginGeneratorSchema
 * @property {string} name The entry-point name (`enabled_plugins`, a source's `type`).
 * @property {PluginKind} kind
 * @property {string} [directory] The workspace folder of the new package (default `packages`).
 * @property {string} [description] The package.json description.
 * @property {boolean} [skipInstall] Skip `npm install` (which links the new package into node_modules).
 */

/**
 * The options once checked, with every name derived from them.
 * @typedef {object} NormalisedOptions
 * @property {string} name Entry-point name, e.g. `my_crm`.
 * @property {PluginKind} kind
 * @property {string} namespace `dird.backends`, `dird.services` or `dird.views`.
 * @property {string} baseClass The core class the plugin extends.
 * @property {string} className Capitalised name, e.g. `MyCrm`.
 * @property {string} fileName Kebab-case name, e.g. `my-crm`.
 * @property {string} constantName Upper-case name, e.g. `MY_CRM`.
 * @property {string} pluginClass e.g. `MyCrmSourcePlugin`.
 * @property {string} pluginFile The plugin's module name without extension, e.g. `my-crm-source-plugin`.
 * @property {string} packageName e.g. `@dird/backend-my-crm`.
 * @property {string} packageDir e.g. `packages/backend-my-crm`.
 * @property {string} offset From the package folder to the workspace root, e.g. `../../`.
 * @property {string} description
 * @property {boolean} skipInstall
 */

/**
 * Per kind the generator makes (those `enabled_plugins` lists): where it is declared, what it extends, how its
 * class and module are named. Read from the core's table of plugin kinds (this module is plain JavaScript and
 * cannot import the core's TypeScript).
 * @type {Record<PluginKind, { namespace: string, enabledKey: string, baseClass: string, suffix: string }>}
 */
export const KINDS =
  /** @type {Record<PluginKind, { namespace: string, enabledKey: string, baseClass: string, suffix: string }>} */ (
    Object.fromEntries(
      Object.entries(
        JSON.parse(
          readFileSync(
            path.join(path.dirname(require.resolve('@dird/core/package.json')), 'src', 'plugin-kinds.json'),
            'utf8',
          ),
        ),
      ).filter(([, kind]) => kind.enabledKey !== null),
    )
  );

const NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/**
 * Checks the options against the workspace and derives every name; throws an Error that says what to change.
 * @param {Tree} tree
 * @param {PluginGeneratorSchema} options
 * @returns {NormalisedOptions}
 */
export function normaliseOptions(tree, options) {
  const { name, kind } = options;
  if (!Object.hasOwn(KINDS, kind)) {
    throw new Error(`--kind must be backend, service or view (got ${JSON.stringify(kind)})`);
  }
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new Error(
      `plugin name ${JSON.stringify(name)} is not valid: use lower-case letters and digits, words joined by single ` +
        'underscores, starting with a letter (e.g. "crm" or "my_crm"); it is the name enabled_plugins uses',
    );
  }
  const { namespace, baseClass, suffix } = KINDS[kind];
  const { className, fileName, constantName } = names(name);
  const directory = checkDirectory(tree, options.directory ?? 'packages');
  const packageDir = `${directory}/${kind}-${fileName}`;
  const packageName = `@dird/${kind}-${fileName}`;
  if (tree.exists(packageDir)) {
    throw new Error(`${packageDir} already exists: choose another name, or remove that folder first`);
  }
  checkNotClaimed(tree, { namespace, name, packageName, kind });
  return {
    name,
    kind,
    namespace,
    baseClass,
    className,
    fileName,
    constantName,
    pluginClass: `${className}${suffix}Plugin`,
    pluginFile: `${fileName}-${suffix.toLowerCase()}-plugin`,
    packageName,
    packageDir,
    offset: '../'.repeat(packageDir.split('/').length),
    description: options.description ?? defaultDescription(kind, name, fileName),
    skipInstall: options.skipInstall ?? false,
  };
}

/**
 * @param {PluginKind} kind
 * @param {string} name
 * @param {string} fileName
 */
function defaultDescription(kind, name, fileName) {
  if (kind === 'backend')
    return `dird backend "${name}": contacts listed in the source's config block, searched in memory`;
  if (kind === 'service') return `dird service "${name}": a service whose object lists no contacts (a starting point)`;
  return `dird view "${name}": GET /0.1/${fileName} answers a greeting and the names of the loaded services`;
}

/**
 * The folder must be a plain relative path that an npm workspace pattern `<folder>/*` covers, or npm would not
 * link the package and the daemon would never find it.
 * @param {Tree} tree
 * @param {string} directory
 */
function checkDirectory(tree, directory) {
  const clean = path.posix.normalize(directory.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (clean.startsWith('/') || clean.startsWith('..') || clean === '.') {
    throw new Error(`--directory must be a folder inside the workspace, such as "packages" (got "${directory}")`);
  }
  if (!workspacePatterns(tree).includes(`${clean}/*`)) {
    throw new Error(
      `--directory "${clean}" is not an npm workspace folder: add "${clean}/*" to "workspaces" in package.json, or use "packages"`,
    );
  }
  return clean;
}

/** @param {Tree} tree @returns {string[]} */
function workspacePatterns(tree) {
  const workspaces = readJson(tree, 'package.json').workspaces;
  return Array.isArray(workspaces) ? workspaces : (workspaces?.packages ?? []);
}

/**
 * Two packages declaring the same entry point stop the daemon (DIRD_ERR_PLUGIN_CONFLICT), and two workspaces
 * with one package name stop npm: refuse both before writing anything.
 * @param {Tree} tree
 * @param {{namespace: string, name: string, packageName: string, kind: string}} wanted
 */
function checkNotClaimed(tree, { namespace, name, packageName, kind }) {
  for (const pattern of workspacePatterns(tree)) {
    if (!pattern.endsWith('/*')) continue;
    const folder = pattern.slice(0, -2);
    for (const child of tree.children(folder)) {
      const file = `${folder}/${child}/package.json`;
      if (!tree.exists(file)) continue;
      const pkg = readJson(tree, file);
      if (pkg.name === packageName) {
        throw new Error(`the package name ${packageName} is already used by ${file}: choose another plugin name`);
      }
      if (pkg.dird?.entry_points?.[namespace]?.[name] !== undefined) {
        throw new Error(
          `${kind} "${name}" is already declared by ${pkg.name} (${file}): the daemon refuses two packages claiming one name; choose another name`,
        );
      }
    }
  }
}
