import { startMariadb, type MariadbServer } from '@dird/test-servers';
import fc from 'fast-check';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialable, dialableSql, Statements } from './statements.js';

/** Characters that mean something to LIKE, to SQL string literals, and to people writing numbers. */
const ALPHABET = ['%', '_', '!', '\\', "'", '"', 'a', 'B', 'é', ' ', '😀', '1', '0'];
const text = (min: number) =>
  fc.array(fc.constantFrom(...ALPHABET), { minLength: min, maxLength: 6 }).map((p) => p.join(''));
/** The names in the table: generated once, with a fixed seed, so that failures replay. */
const NAMES = [...new Set(fc.sample(text(1), { numRuns: 80, seed: 7 }))];

let server: MariadbServer;
let connection: mysql.Connection;

beforeAll(async () => {
  server = await startMariadb({ databases: ['crm'] });
  // utf8mb4_bin: the server compares exactly, so that the expected answer is plain `includes`.
  await server.sql('CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL) COLLATE utf8mb4_bin', 'crm');
  const root = await mysql.createConnection({
    socketPath: server.socket,
    user: 'root',
    database: 'crm',
    charset: 'utf8mb4',
  });
  try {
    await root.query('INSERT INTO people (id, name) VALUES ?', [NAMES.map((n, i) => [i, n])]);
  } finally {
    await root.end();
  }
  // The searches run as the application user, as dird does.
  connection = await mysql.createConnection({ uri: server.uri('crm'), charset: 'utf8mb4' });
});

afterAll(async () => {
  await connection?.end();
  await server?.stop();
});

describe('SQL built by the mysql backend, on a real MariaDB (property)', () => {
  it('a search finds exactly the rows containing the term: %, _ and ! in a term match themselves', async () => {
    const statements = new Statements({
      from: '`people`',
      selected: ['id', 'name'],
      searched: ['name'],
      firstMatched: [],
      uniqueColumn: 'id',
      mariadb: true,
      queryTimeoutMs: 5000,
      normalizeNumbers: false,
    });
    const term = fc.oneof(
      text(1),
      fc.constantFrom(...NAMES).map((n) => [...n].slice(1, 3).join('')),
    );
    await fc.assert(
      fc.asyncProperty(term, async (t) => {
        fc.pre(t !== '');
        const { sql, params } = statements.search(t)!;
        const [rows] = await connection.execute<mysql.RowDataPacket[]>(sql, params as (string | null)[]);
        const want = NAMES.filter((n) => n.includes(t)).sort();
        expect(rows.map((r) => String(r.name)).sort()).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });

  it('normalize_numbers strips a number in SQL exactly as dialable does in JavaScript', async () => {
    const numberish = fc
      .array(fc.constantFrom('+', '0', '3', '9', ' ', '(0)', '(', ')', '-', '.', '/', '\t', 'x', 'é', '*', '#'), {
        maxLength: 12,
      })
      .map((p) => p.join(''));
    const expression = dialableSql('?');
    const slots = expression.split('?').length - 1;
    await fc.assert(
      fc.asyncProperty(numberish, async (n) => {
        const [rows] = await connection.execute<mysql.RowDataPacket[]>(
          `SELECT ${expression} AS d`,
          new Array<string>(slots).fill(n),
        );
        expect(String(rows[0].d)).toBe(dialable(n));
      }),
      { numRuns: 200 },
    );
  });
});
