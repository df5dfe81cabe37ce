// Summarises a V8 CPU profile (from `npm run bench -- --cpu-prof`): the functions with the most self time and
// the files they live in, optionally within a time window (seconds from the start of the profile), plus the
// share of each second spent outside idle, to find the window of one workload.
// Usage: tsx src/cpu-profile-summary.ts FILE.cpuprofile [--top N] [--from S] [--to S]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '30' }, from: { type: 'string' }, to: { type: 'string' } },
});
const file = positionals[0];
const top = Number(values.top);
const from = values.from === undefined ? 0 : Number(values.from) * 1e6;
const to = values.to === undefined ? Infinity : Number(values.to) * 1e6;
const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
const busyBySecond: number[] = [];
let t = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  t += dt;
  const second = Math.floor(t / 1e6);
  if (byId.get(id)!.callFrame.functionName !== '(idle)') busyBySecond[second] = (busyBySecond[second] ?? 0) + dt;
  if (t >= from && t < to) self.set(id, (self.get(id) ?? 0) + dt);
});
process.stdout.write(
  `busy share by second: ${Array.from(busyBySecond, (us, s) => `${s}:${Math.round((us ?? 0) / 1e4)}%`).join(' ')}\n`,
);
const total = [...self.values()].reduce((a, b) => a + b, 0);

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '~/')
    .replace(/^.*\/(packages|apps)\//, '$1/');
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'} ${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const fileKey = url ? shortUrl(url) : functionName;
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
}
const print = (title: string, map: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}\n`);
  }
};
/** Where self time goes, coarsely: dird's code, its dependencies, Node's own JS, and the rest (native, GC). */
function category(url: string, name: string): string {
  if (name === '(idle)') return 'idle';
  if (/\/(packages|apps)\//.test(url) && !url.includes('node_modules')) return 'dird';
  if (url.includes('node_modules')) return 'dependencies (fastify, pino, …)';
  if (url.startsWith('node:')) return "node's JS (http, streams, events, timers)";
  return 'native (syscalls such as writev, GC, builtins, generated serializers)';
}
const byCategory = new Map<string, number>();
for (const [id, us] of self) {
  const { url, functionName } = byId.get(id)!.callFrame;
  const key = category(url, functionName);
  byCategory.set(key, (byCategory.get(key) ?? 0) + us);
}
process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n`);
print('self time by kind of code', byCategory);
print('self time by function', byFunction);
print('self time by file', byFile);
