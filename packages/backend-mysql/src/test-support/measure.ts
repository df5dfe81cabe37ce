/**
 * Measures the mysql backend on 100,000 generated contacts in a throw-away MariaDB: the load, then each kind
 * of lookup through the plugin, next to the same statement sent with plain mysql2 (the backend's overhead).
 * Run with `npm run measure -w @dird/backend-mysql`; the figures go to docs/backends/mysql.md.
 */
import { generateContacts } from '@dird/datagen';
import { startMariadb } from '@dird/test-servers';
import mysql from 'mysql2/promise';
import type { MysqlSourcePlugin } from '../mysql-source-plugin.js';
import { Statements, type Statement } from '../statements.js';
import { callArgs, generatedContactsBlock, loadGeneratedContacts, loadSource } from './fixture.js';

const COUNT = Number(process.env.COUNT ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 50);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

async function percentiles(fn: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await timed(fn))[1]);
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}

const server = await startMariadb({ databases: ['crm'] });
try {
  const [, loadMs] = await timed(() => loadGeneratedContacts(server, 'crm', COUNT));
  console.log(
    `MariaDB ${(await server.sql('SELECT VERSION()'))[0][0]}, ${COUNT} rows loaded in ${loadMs.toFixed(0)} ms`,
  );
  const block = generatedContactsBlock(server, 'crm');
  const [plain, sourceLoadMs] = await timed(() => loadSource(block));
  const normalized = await loadSource({ ...block, normalize_numbers: true });
  console.log(`source load (connect and check the columns): ${sourceLoadMs.toFixed(1)} ms`);

  const pool = mysql.createPool({ uri: server.uri('crm'), connectionLimit: 10 });
  const statements = new Statements({
    from: '`contacts`',
    selected: ['id', 'firstname', 'lastname', 'company', 'department', 'email', 'phone', 'mobile', 'city'],
    searched: block.searched_columns,
    firstMatched: block.first_matched_columns,
    uniqueColumn: 'id',
    mariadb: true,
    queryTimeoutMs: 3000,
    normalizeNumbers: false,
  });
  const raw = (st: Statement | null) => () => pool.execute(st!.sql, [...st!.params]);

  const contacts = [...generateContacts(COUNT, 1)];
  const target = contacts[77_776];
  const digits = target.phone.replace(/[^0-9+]/g, '');
  const cases: [string, (s: MysqlSourcePlugin) => Promise<unknown>, () => Promise<unknown>][] = [
    ['search "" limit 10', (s) => s.search('', callArgs({ limit: 10 })), raw(statements.search('', 10))],
    ['search "mar" limit 25', (s) => s.search('mar', callArgs({ limit: 25 })), raw(statements.search('mar', 25))],
    ['search "mar" (no limit)', (s) => s.search('mar', callArgs()), raw(statements.search('mar'))],
    ['search one email (full scan)', (s) => s.search(target.email, callArgs()), raw(statements.search(target.email))],
    ['search "zzzz" (no match, full scan)', (s) => s.search('zzzz', callArgs()), raw(statements.search('zzzz'))],
    [
      'firstMatch exact (indexed)',
      (s) => s.firstMatch(target.phone, callArgs()),
      raw(statements.firstMatch([target.phone])),
    ],
    [
      'list 10 ids',
      (s) =>
        s.list(
          contacts.slice(500, 510).map((c) => c.id),
          callArgs(),
        ),
      raw(statements.list(contacts.slice(500, 510).map((c) => c.id))[0]),
    ],
  ];
  for (const [name, viaPlugin, viaMysql2] of cases) {
    console.log(
      `${name.padEnd(38)} dird: ${await percentiles(() => viaPlugin(plain))}   mysql2: ${await percentiles(viaMysql2)}`,
    );
  }
  console.log(
    `${'firstMatch normalize_numbers (scan)'.padEnd(38)} dird: ${await percentiles(() => normalized.firstMatch(digits, callArgs()))}`,
  );
  await pool.end();
  await plain.unload();
  await normalized.unload();
} finally {
  await server.stop();
}
