// @ts-check
import { readJson } from '@nx/devkit';

/** @typedef {import('@nx/devkit').Tree} Tree */
/** @typedef {import('./options.js').NormalisedOptions} NormalisedOptions */

const CORE = 'packages/core/package.json';
const DAEMON = 'apps/dird/package.json';

/**
 * The new package's package.json, in the shape and key order of the packages beside it. The metadata every
 * package shares (license, repository, engines, author, …) and the versions it depends on are read from the
 * workspace, so a generated package follows the house when the house changes.
 * @param {Tree} tree
 * @param {NormalisedOptions} o
 */
export function packageJsonFor(tree, o) {
  const core = readJson(tree, CORE);
  const view = o.kind === 'view';
  const service = o.kind === 'service';
  const fastify = view ? fastifyVersion(tree) : '';
  const entry = (/** @type {string} */ file) => ({
    '@dird/source': `./src/${file}.ts`,
    types: `./dist/${file}.d.ts`,
    default: `./dist/${file}.js`,
  });
  return {
    name: o.packageName,
    version: '0.1.0',
    description: o.description,
    license: core.license,
    repository: { ...core.repository, directory: o.packageDir },
    type: 'module',
    engines: core.engines,
    exports: {
      '.': entry('index'),
      // A service's contract: what other plugins import, as a type only, to call it.
      ...(service ? { './contract': entry('contract') } : {}),
      './package.json': './package.json',
    },
    files: ['dist', '!dist/**/*.test.*', '!dist/**/*.tsbuildinfo', 'README.md', 'LICENSE'],
    dird: { entry_points: { [o.namespace]: { [o.name]: `./dist/${o.pluginFile}.js:${o.pluginClass}` } } },
    scripts: {
      // dist is emptied first: tsc leaves the output of a deleted or renamed source behind, and the package would
      // publish it.
      build: `node -e "fs.rmSync('dist', { recursive: true, force: true })" && tsc -b tsconfig.lib.json`,
      test: `vitest run --config ${o.offset}vitest.config.ts`,
    },
    peerDependencies: {
      '@dird/core': `^${core.version}`,
      // Views get the daemon's Fastify instance: they need its types, and the daemon's copy at run time.
      ...(view ? { fastify: `^${fastify.split('.')[0]}.0.0` } : {}),
    },
    ...(view ? { devDependencies: { fastify } } : {}),
    author: core.author,
    keywords: core.keywords,
    homepage: String(core.homepage).replace('packages/core', o.packageDir),
    bugs: core.bugs,
    publishConfig: core.publishConfig,
  };
}

/** The Fastify version the daemon pins: what a view's tests should run against. @param {Tree} tree */
function fastifyVersion(tree) {
  const version = readJson(tree, DAEMON).dependencies?.fastify;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`${DAEMON} must pin fastify to an exact version (found ${JSON.stringify(version)})`);
  }
  return version;
}
