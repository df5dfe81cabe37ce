// @ts-check
import { formatFiles, generateFiles, installPackagesTask, logger, writeJson } from '@nx/devkit';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseOptions } from './options.js';
import { packageJsonFor } from './package-json.js';
import { addTsconfigReference } from './tsconfig-references.js';

/** @typedef {import('@nx/devkit').Tree} Tree */
/** @typedef {import('./options.js').PluginGeneratorSchema} PluginGeneratorSchema */
/** @typedef {import('./options.js').NormalisedOptions} NormalisedOptions */

const FILES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'files');

/**
 * `nx g @dird/tools:plugin NAME --kind backend|service|view`: a plugin package in `packages/<kind>-<name>`
 * that builds, passes its tests and is found by the daemon once npm has linked it (the returned task runs
 * `npm install` after the files are written, unless `--skipInstall`).
 * @param {Tree} tree
 * @param {PluginGeneratorSchema} options
 */
export default async function pluginGenerator(tree, options) {
  const o = normaliseOptions(tree, options);
  generateFiles(tree, path.join(FILES, 'common'), o.packageDir, { ...o });
  generateFiles(tree, path.join(FILES, o.kind), o.packageDir, { ...o });
  writeJson(tree, `${o.packageDir}/package.json`, packageJsonFor(tree, o));
  tree.write(`${o.packageDir}/LICENSE`, workspaceLicense(tree));
  addTsconfigReference(tree, `${o.packageDir}/tsconfig.lib.json`);
  await formatFiles(tree);
  return () => {
    if (!o.skipInstall) installPackagesTask(tree, true);
    logger.info(nextSteps(o));
  };
}

/** Every package ships the workspace's license text. @param {Tree} tree */
function workspaceLicense(tree) {
  const text = tree.read('LICENSE');
  if (!text) throw new Error('the workspace has no LICENSE file at its root to copy into the new package');
  return text;
}

/** @param {NormalisedOptions} o */
function nextSteps(o) {
  const config = {
    backend: `enabled_plugins: {backends: [${o.name}]}, and a source with "type: ${o.name}"`,
    service: `enabled_plugins: {services: [${o.name}]}`,
    view: `enabled_plugins: {views: [${o.name}]}`,
  }[o.kind];
  return [
    '',
    `${o.packageName} (${o.namespace}: ${o.name}) is in ${o.packageDir}.`,
    ...(o.skipInstall ? ['  npm install          links it into node_modules, where the daemon finds it'] : []),
    `  npx vitest run ${o.packageDir}`,
    `  npx tsc -b ${o.packageDir}/tsconfig.lib.json`,
    `Enable it in a config (${config}), then: npm start -- -c config.yml`,
    'See docs/plugin-guide.md.',
  ].join('\n');
}
