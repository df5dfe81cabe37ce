import { phoneCandidates } from '@dird/core';
import { loadPluginThroughRegistry } from '@dird/core/testkit';
import type { MariadbServer } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MysqlSourcePlugin } from './mysql-source-plugin.js';
import {
  asRoot,
  callArgs,
  insertRows,
  loadSource,
  memoryLogger,
  startCrm,
  withSource,
} from './test-support/fixture.js';

let server: MariadbServer;
let source: MysqlSourcePlugin;

beforeAll(async () => {
  server = await startCrm();
  source = await loadSource({
    mysql_uri: server.uri('crm'),
    table: 'contacts',
    unique_column: 'id',
    searched_columns: ['firstname', 'lastname', 'company'],
    first_matched_columns: ['number', 'mobile'],
  });
});

afterAll(async () => {
  await source?.unload();
  await server?.stop();
});

const ids = (results: { fields: Record<string, unknown> }[]) => results.map((r) => r.fields.id);
const search = (term: string, limit?: number) => source.search(term, callArgs({ limit }));

describe('mysql backend: loading', () => {
  it('is found through the registry as dird.backends mysql', async () => {
    const { cls } = await loadPluginThroughRegistry('backend', 'mysql');
    expect((cls as { name: string }).name).toBe('MysqlSourcePlugin');
  });

  it('connects with host/port/user/password/database as well as with mysql_uri', async () => {
    await withSource(
      {
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
        database: 'crm',
        table: 'contacts',
        searched_columns: ['firstname'],
      },
      async (separate) => {
        expect((await separate.search('alice', callArgs())).map((r) => r.fields.firstname)).toEqual(['Alice']);
      },
    );
  });

  it('fails at load, naming key and column, when a configured column does not exist', async () => {
    const base = { mysql_uri: server.uri('crm'), table: 'contacts' };
    await expect(loadSource({ ...base, searched_columns: ['firstname', 'nickname'] })).rejects.toThrow(
      /searched_columns: column "nickname" is not in the table/,
    );
    await expect(loadSource({ ...base, first_matched_columns: ['fax'] })).rejects.toThrow(
      /first_matched_columns: column "fax"/,
    );
    await expect(loadSource({ ...base, unique_column: 'uuid' })).rejects.toThrow(/unique_column: column "uuid"/);
    await expect(loadSource({ ...base, searched_columns: ['FirstName'] })).rejects.toThrow(/did you mean "firstname"/);
  });

  it('fails at load unless exactly one of table and query is set', async () => {
    await expect(loadSource({ mysql_uri: server.uri('crm'), table: 'contacts', query: 'SELECT 1' })).rejects.toThrow(
      /table: set exactly one of table \(a table or view\) and query/,
    );
    await expect(loadSource({ mysql_uri: server.uri('crm') })).rejects.toThrow(/set exactly one of table/);
  });

  it('fails at load when the table does not exist, or the credentials are refused', async () => {
    await expect(loadSource({ mysql_uri: server.uri('crm'), table: 'people' })).rejects.toThrow(
      /table: the server refused the table: Table 'crm.people' doesn't exist/,
    );
    const wrong = server.uri('crm').replace(encodeURIComponent(server.password), 'wrong');
    await expect(loadSource({ mysql_uri: wrong, table: 'contacts' })).rejects.toThrow(/Access denied for user 'dird'/);
  });

  it('names the config key when the server refuses the credentials or the database at load', async () => {
    const wrong = server.uri('crm').replace(encodeURIComponent(server.password), 'wrong');
    await expect(loadSource({ mysql_uri: wrong, table: 'contacts' })).rejects.toThrow(
      /^mysql_uri: dird@127\.0\.0\.1:\d+\/crm: Access denied for user 'dird'/,
    );
    await expect(loadSource({ mysql_uri: server.uri('nowhere'), table: 'contacts' })).rejects.toThrow(
      /^mysql_uri: .*'nowhere'/,
    );
    const separate = { host: server.host, port: server.port, user: server.user, table: 'contacts' };
    await expect(loadSource({ ...separate, password: 'wrong', database: 'crm' })).rejects.toThrow(
      /^user: .*Access denied for user 'dird'/,
    );
    await expect(loadSource({ ...separate, password: server.password, database: 'nowhere' })).rejects.toThrow(
      /^database: .*'nowhere'/,
    );
  });

  it('connects over TLS, checking the server certificate against ssl_ca unless ssl_verify is false', async () => {
    // A user the server only lets in over TLS.
    await server.sql(
      "CREATE USER 'secure'@'%' IDENTIFIED BY 'tls only' REQUIRE SSL; GRANT SELECT ON crm.* TO 'secure'@'%'",
    );
    const block = {
      host: server.host,
      port: server.port,
      user: 'secure',
      password: 'tls only',
      database: 'crm',
      table: 'contacts',
      searched_columns: ['firstname'],
    };
    await expect(loadSource(block)).rejects.toThrow(/Access denied for user 'secure'/);
    await expect(loadSource({ ...block, ssl: true })).rejects.toThrow(/^ssl_ca: .*self-signed certificate/);
    for (const tls of [{ ssl_ca: server.tlsCa }, { ssl: true, ssl_verify: false }]) {
      await withSource({ ...block, ...tls }, async (secure) => {
        expect((await secure.search('bob', callArgs())).map((r) => r.fields.firstname)).toEqual(['Bob']);
      });
    }
  });

  it('warns about a format_columns field that is not a column, and loads', async () => {
    const logger = memoryLogger();
    const s = await loadSource(
      { mysql_uri: server.uri('crm'), table: 'contacts', format_columns: { name: '{firstname} {nick}' } },
      logger,
    );
    await s.unload();
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: expect.stringContaining('{nick}') }),
    );
  });
});

describe('mysql backend: search', () => {
  it('folds case and accents through the utf8mb4_unicode_ci collation: pep finds Pépé', async () => {
    expect(ids(await search('pep'))).toEqual(['1']);
    expect(ids(await search('ZOE'))).toEqual(['4']);
    expect(ids(await search('ærø'))).toEqual(['4']);
  });

  it('matches non-ASCII text, including 4-byte characters', async () => {
    const [zoe] = await search('北京');
    expect(zoe.fields).toMatchObject({ firstname: 'Zoë', company: '北京 Trading 😀' });
    expect(ids(await search('😀'))).toEqual(['4']);
  });

  it('matches %, _, \\ and ! in the term literally', async () => {
    expect(ids(await search('%'))).toEqual(['2']);
    expect(ids(await search('0% b'))).toEqual(['2']);
    expect(ids(await search('_'))).toEqual(['3']);
    expect(ids(await search('\\'))).toEqual(['3']);
    expect(ids(await search('!'))).toEqual(['5']);
    expect(ids(await search('b_b'))).toEqual([]);
  });

  it('matches quotes in the term', async () => {
    expect(ids(await search("o'hara"))).toEqual(['2']);
    expect(ids(await search('"quotes"'))).toEqual(['3']);
  });

  it('treats injection attempts in the term as text', async () => {
    for (const term of ["' OR '1'='1", "%' OR 1=1 -- ", "'; DROP TABLE contacts; --", "\\' OR 1=1 #"]) {
      expect(await search(term)).toEqual([]);
    }
    expect(await server.sql('SELECT COUNT(*) FROM contacts', 'crm')).toEqual([['6']]);
  });

  it('returns every row for an empty term, ordered by the unique column, and pushes the limit down', async () => {
    expect(ids(await search(''))).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(ids(await search('', 2))).toEqual(['1', '2']);
    expect(ids(await search('o', 2))).toEqual(['1', '2']);
    expect(await search('o', 0)).toEqual([]);
  });

  it('skips `offset` rows in the query itself (the lookup service gives it for a one-source profile)', async () => {
    const page = (term: string, offset: number, limit?: number) =>
      source.search(term, callArgs({ limit, offset })).then(ids);
    expect(await page('', 2, 3)).toEqual(['3', '4', '5']);
    expect(await page('', 4)).toEqual(['5', '6']);
    expect(await page('', 6, 3)).toEqual([]);
  });

  it('matches nothing for a term made only of control characters (the empty term lists everything)', async () => {
    expect(await search('\t')).toEqual([]);
    expect(await search('\u0000\u0001')).toEqual([]);
    expect(ids(await search(''))).toHaveLength(6);
  });

  it('builds results like the other backends: text fields, source_entry_id, NULL columns left out', async () => {
    const [pepe] = await search('pépé');
    expect(pepe).toMatchObject({ source: 'crm', backend: 'mysql', relations: { source_entry_id: '1' } });
    expect(pepe.fields).toEqual({
      id: '1',
      firstname: 'Pépé',
      lastname: 'Le Moko',
      company: 'Casbah',
      number: '+33 1 23 45 67 89',
    });
  });
});

describe('mysql backend: reverse lookup and list', () => {
  it('finds the first row whose first_matched_columns equal a candidate', async () => {
    expect((await source.firstMatch('1003', callArgs()))?.fields.id).toBe('3');
    expect((await source.firstMatch('0612345678', callArgs()))?.fields.id).toBe('2');
    expect((await source.firstMatch('x', callArgs({ candidates: ['+331003', '1004'] })))?.fields.id).toBe('4');
    expect(await source.firstMatch('100', callArgs())).toBeNull();
    expect(await source.firstMatch('', callArgs())).toBeNull();
  });

  it('treats injection attempts in the number as text', async () => {
    expect(await source.firstMatch("1002' OR '1'='1", callArgs())).toBeNull();
    expect(await source.firstMatch('1002 OR 1=1', callArgs({ candidates: ['x', "') OR ('1'='1"] }))).toBeNull();
  });

  it('with normalize_numbers, also matches numbers stored with spaces and dots', async () => {
    await withSource(
      {
        mysql_uri: server.uri('crm'),
        table: 'contacts',
        first_matched_columns: ['number'],
        normalize_numbers: true,
      },
      async (normalized) => {
        expect((await normalized.firstMatch('+33123456789', callArgs()))?.fields.id).toBe('1');
        expect((await normalized.firstMatch('0123456700', callArgs()))?.fields.id).toBe('5');
        expect(await source.firstMatch('+33123456789', callArgs())).toBeNull();
      },
    );
  });

  it('with normalize_numbers, drops the (0) trunk hint of a stored international number, as core does', async () => {
    await server.sql('CREATE TABLE berlin (id INT PRIMARY KEY, name VARCHAR(40), phone VARCHAR(40))', 'crm');
    await insertRows(server, 'crm', 'berlin', [
      { id: 1, name: 'Hinted', phone: '+49 (0)30 1234567' },
      { id: 2, name: 'National', phone: '(030) 7654321' },
    ]);
    const germany = { country_code: '49', national_prefix: '0', international_prefix: '00' };
    const candidates = (exten: string) => callArgs({ candidates: phoneCandidates(exten, germany) });
    await withSource(
      { mysql_uri: server.uri('crm'), table: 'berlin', first_matched_columns: ['phone'], normalize_numbers: true },
      async (normalized) => {
        for (const exten of ['+49301234567', '030 1234567', '0049301234567']) {
          expect((await normalized.firstMatch(exten, candidates(exten)))?.fields.name, exten).toBe('Hinted');
        }
        expect((await normalized.firstMatch('+49301234567', callArgs()))?.fields.name).toBe('Hinted');
        expect((await normalized.firstMatch('0307654321', candidates('0307654321')))?.fields.name).toBe('National');
        // "(0)" is a trunk hint only in an international number: the national one keeps its 0.
        expect(await normalized.firstMatch('+49307654321', callArgs())).toBeNull();
      },
    );
  });

  it('lists contacts by their exact unique id', async () => {
    expect(ids(await source.list(['3', '1', '999'], callArgs()))).toEqual(['1', '3']);
    expect(await source.list(['01', '1 OR 1=1', "1' OR '1'='1", '1.0'], callArgs())).toEqual([]);
    expect(await source.list([], callArgs())).toEqual([]);
    const many = Array.from({ length: 600 }, (_, i) => String(i + 1));
    expect(ids(await source.list(many, callArgs()))).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});

describe('mysql backend: views, queries and column types', () => {
  beforeAll(async () => {
    await server.sql(
      `CREATE VIEW phonebook AS SELECT id, CONCAT(firstname, ' ', lastname) AS name, number FROM contacts
         WHERE company <> 'Secret';
       CREATE TABLE typed (
         id BIGINT UNSIGNED PRIMARY KEY, name VARCHAR(20) COLLATE utf8mb4_bin, born DATE, seen DATETIME(3),
         score DECIMAL(6,2), ratio DOUBLE, flag BIT(1), raw VARBINARY(8), doc JSON, note TEXT
       )`,
      'crm',
    );
    await insertRows(server, 'crm', 'typed', [
      {
        id: '18446744073709551615',
        name: 'Pépé',
        born: '1970-01-02',
        seen: '2024-02-29 13:14:15.123',
        score: '1234.50',
        ratio: 0.25,
        flag: Buffer.from([1]),
        raw: Buffer.from([0xff, 0x00, 0xfe]),
        doc: '{"a": [1, 2]}',
        note: null,
      },
    ]);
  });

  it('serves a view', async () => {
    await withSource(
      {
        mysql_uri: server.uri('crm'),
        table: 'phonebook',
        unique_column: 'id',
        searched_columns: ['name'],
      },
      async (view) => {
        expect((await view.search('moko', callArgs())).map((r) => r.fields)).toEqual([
          { id: '1', name: 'Pépé Le Moko', number: '+33 1 23 45 67 89' },
        ]);
        expect(await view.search('hidden', callArgs())).toEqual([]);
      },
    );
  });

  it('serves a query, wrapped as a derived table (a trailing ";" and comments allowed)', async () => {
    await withSource(
      {
        mysql_uri: server.uri('crm'),
        query: `-- the public contacts
        SELECT id AS contact_id, UPPER(lastname) AS last, number FROM contacts WHERE company <> 'Secret'; `,
        unique_column: 'contact_id',
        searched_columns: ['last'],
        first_matched_columns: ['number'],
      },
      async (query) => {
        expect((await query.search('mok', callArgs())).map((r) => r.fields.last)).toEqual(['LE MOKO']);
        expect(await query.search('person', callArgs())).toEqual([]);
        expect((await query.firstMatch('1002', callArgs()))?.fields.contact_id).toBe('2');
        expect((await query.list(['4', '6'], callArgs())).map((r) => r.fields.last)).toEqual(['ÆRØSKØBING']);
      },
    );
  });

  it('runs queries in a read-only session: a query calling a function that writes is refused', async () => {
    await asRoot(server, 'crm', async (conn) => {
      await conn.query('CREATE TABLE audit (n INT)');
      await conn.query(
        'CREATE FUNCTION touch() RETURNS INT MODIFIES SQL DATA SQL SECURITY DEFINER BEGIN INSERT INTO audit VALUES (1); RETURN 1; END',
      );
      await conn.query("GRANT EXECUTE ON FUNCTION crm.touch TO 'dird'@'%'");
    });
    await expect(
      loadSource({
        mysql_uri: server.uri('crm'),
        query: 'SELECT id, firstname, touch() AS touched FROM contacts',
        searched_columns: ['firstname'],
      }),
    ).rejects.toThrow(/query: the server refused the query: Cannot execute statement in a READ ONLY transaction/);
    expect(await server.sql('SELECT COUNT(*) FROM audit', 'crm')).toEqual([['0']]);
  });

  it('refuses, at load, a query that is not one read-only SELECT or that the server cannot prepare', async () => {
    const uri = server.uri('crm');
    await expect(loadSource({ mysql_uri: uri, query: 'DELETE FROM contacts' })).rejects.toThrow(
      /query: .*starts with DELETE/,
    );
    await expect(loadSource({ mysql_uri: uri, query: 'SELECT 1; DROP TABLE contacts' })).rejects.toThrow(
      /only one statement/,
    );
    await expect(loadSource({ mysql_uri: uri, query: 'SELECT id FROM contacts LIMIT' })).rejects.toThrow(
      /query: the server refused the query: You have an error in your SQL syntax/,
    );
    await expect(loadSource({ mysql_uri: uri, query: 'SELECT nickname FROM contacts' })).rejects.toThrow(
      /Unknown column 'nickname'/,
    );
  });

  it('renders every column type as text, and a case-sensitive collation matches case-sensitively', async () => {
    await withSource({ mysql_uri: server.uri('crm'), table: 'typed', searched_columns: ['name'] }, async (typed) => {
      const [row] = await typed.search('Pép', callArgs());
      expect(row.fields).toEqual({
        id: '18446744073709551615',
        name: 'Pépé',
        born: '1970-01-02',
        seen: '2024-02-29 13:14:15.123',
        score: '1234.50',
        ratio: '0.25',
        flag: '01',
        raw: 'ff00fe',
        doc: '{"a": [1, 2]}',
      });
      expect(await typed.search('pep', callArgs())).toEqual([]);
    });
  });

  it('with format_columns, fetches only the columns the source uses and applies the templates', async () => {
    await withSource(
      {
        mysql_uri: server.uri('crm'),
        table: 'contacts',
        unique_column: 'id',
        searched_columns: ['lastname'],
        format_columns: { name: '{firstname} {lastname}', phone: '{number}', cell: '{mobile}' },
      },
      async (formatted) => {
        const [alice] = await formatted.search('hara', callArgs());
        expect(alice.fields).toEqual({
          id: '2',
          firstname: 'Alice',
          lastname: "O'Hara",
          number: '1002',
          mobile: '0612345678',
          name: "Alice O'Hara",
          phone: '1002',
          cell: '0612345678',
        });
        const [pepe] = await formatted.search('moko', callArgs());
        expect(pepe.fields.cell).toBeNull();
      },
    );
  });
});

describe('mysql backend: columns whose character set cannot hold the term', () => {
  beforeAll(async () => {
    await server.sql(
      `CREATE TABLE legacy (
        code VARCHAR(10) CHARACTER SET latin1 PRIMARY KEY, name VARCHAR(50) CHARACTER SET latin1,
        phone VARCHAR(40) CHARACTER SET latin1
      ) CHARACTER SET latin1;
      CREATE TABLE bmp (id INT PRIMARY KEY, name VARCHAR(50) CHARACTER SET utf8mb3, phone VARCHAR(40) CHARACTER SET utf8mb3)
        CHARACTER SET utf8mb3`,
      'crm',
    );
    await insertRows(server, 'crm', 'legacy', [
      { code: 'a1', name: 'Müller', phone: '1001' },
      { code: 'b2', name: 'Øre', phone: '1002' },
    ]);
    await insertRows(server, 'crm', 'bmp', [{ id: 1, name: '北京 Ω', phone: '2001' }]);
  });

  it('finds nothing, without an error, for a term a latin1 column cannot hold; other terms still match', async () => {
    const logger = memoryLogger();
    await withSource(
      {
        mysql_uri: server.uri('crm'),
        table: 'legacy',
        unique_column: 'code',
        searched_columns: ['name', 'phone'],
        first_matched_columns: ['phone', 'name'],
      },
      async (legacy) => {
        for (const term of ['北', 'Ω', '😀', 'mü北']) expect(await legacy.search(term, callArgs()), term).toEqual([]);
        expect((await legacy.search('MÜL', callArgs({ limit: 5 }))).map((r) => r.fields.name)).toEqual(['Müller']);
        expect(await legacy.firstMatch('北', callArgs())).toBeNull();
        expect(await legacy.firstMatch('x', callArgs({ candidates: ['Ω', '1001', '😀'] }))).toBeNull();
        expect((await legacy.firstMatch('1002', callArgs()))?.fields.code).toBe('b2');
        expect(await legacy.list(['北', '😀'], callArgs())).toEqual([]);
        expect((await legacy.list(['a1'], callArgs())).map((r) => r.fields.name)).toEqual(['Müller']);
      },
      logger,
    );
    expect(logger.entries.filter((e) => e.level !== 'debug' && e.level !== 'info')).toEqual([]);
  });

  it('finds nothing for a 4-byte character against a utf8mb3 column, and matches what it can hold', async () => {
    await withSource(
      { mysql_uri: server.uri('crm'), table: 'bmp', searched_columns: ['name'], first_matched_columns: ['phone'] },
      async (bmp) => {
        expect(await bmp.search('😀', callArgs())).toEqual([]);
        expect((await bmp.search('北', callArgs())).map((r) => r.fields.name)).toEqual(['北京 Ω']);
        expect((await bmp.search('ω', callArgs())).map((r) => r.fields.name)).toEqual(['北京 Ω']);
        expect(await bmp.firstMatch('😀', callArgs())).toBeNull();
      },
    );
  });
});
