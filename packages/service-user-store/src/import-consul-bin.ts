import { importConsulCommand } from './import-consul-cli.js';

process.exitCode = await importConsulCommand(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
