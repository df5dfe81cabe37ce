// Rewrites examples/ from the generator's templates, and the files docs/plugin-guide.md shows, from examples/
// and the rest of the workspace: run it after changing the templates (npm run examples -w @dird/tools).
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FsTree } from 'nx/src/generators/tree.js';
import { EXAMPLES, exampleDir, generateExample, workspaceRoot } from './examples.js';
import { withFileContents } from './guide-blocks.js';

const tree = new FsTree(workspaceRoot, false);
for (const example of EXAMPLES) {
  const files = await generateExample(tree, example);
  const dir = exampleDir(example);
  // Start from an empty folder, so that a file the templates no longer make does not linger.
  await rm(path.join(workspaceRoot, dir), { recursive: true, force: true });
  for (const [file, content] of files) {
    await mkdir(path.dirname(path.join(workspaceRoot, file)), { recursive: true });
    await writeFile(path.join(workspaceRoot, file), content);
  }
  console.log(`${dir}: ${[...files.keys()].map((f) => f.slice(dir.length + 1)).join(', ')}`);
}

const guide = path.join(workspaceRoot, 'docs', 'plugin-guide.md');
const text = await readFile(guide, 'utf8');
await writeFile(
  guide,
  withFileContents(text, (file) => readFileSync(path.join(workspaceRoot, file), 'utf8')),
);
console.log('docs/plugin-guide.md: file blocks refreshed');
