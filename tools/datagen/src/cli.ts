import { parseArgs } from 'node:util';
import { writeContactsCsv } from './write-csv.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '3000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
if (!values.out) {
  process.stderr.write('usage: tsx src/cli.ts --count N --seed S --out FILE.csv\n');
  process.exit(2);
}
const bytes = await writeContactsCsv(values.out, Number(values.count), Number(values.seed));
process.stdout.write(`wrote ${values.count} contacts (${bytes} bytes) to ${values.out}\n`);
