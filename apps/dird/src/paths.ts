import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the @dird/dird package (its `src/` or `dist/` parent). */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The config `npm start` and a bare `dird` run: the demo directory. */
export const bundledConfigFile = path.join(packageRoot, 'config', 'config.yml');

/** This package's version. */
export const version: string = (
  JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;
