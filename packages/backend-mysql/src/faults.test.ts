import { blackHole, sourceCallArgs } from '@dird/core/testkit';
import type { MariadbServer } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callArgs, memoryLogger, queriesRunning, SLOW_QUERY, startCrm, withSource } from './test-support/fixture.js';

let server: MariadbServer;

beforeAll(async () => {
  server = await startCrm();
});

afterAll(async () => {
  await server?.stop();
});

const runningQueries = () => queriesRunning(server);

const names = (results: { fields: Record<string, unknown> }[]) => results.map((r) => r.fields.firstname);

describe('mysql backend: faults', () => {
  it('loads while the server is down, says so, and serves once the server is up', async () => {
    await server.halt();
    const logger = memoryLogger();
    await withSource(
      { mysql_uri: server.uri('crm'), table: 'contacts', searched_columns: ['firstname'] },
      async (source) => {
        expect(logger.entries).toContainEqual(
          expect.objectContaining({
            level: 'warn',
            msg: expect.stringMatching(/^cannot reach dird@127\.0\.0\.1/),
          }),
        );
        await expect(source.search('alice', callArgs())).rejects.toThrow(/unreachable: .*ECONNREFUSED/);
        await server.start();
        expect(names(await source.search('alice', callArgs()))).toEqual(['Alice']);
        expect(logger.entries).toContainEqual(
          expect.objectContaining({ level: 'info', msg: expect.stringContaining('source ready') }),
        );
      },
      logger,
    );
  });

  it('serves again right after the server restarts, without reloading the source', async () => {
    await withSource(
      {
        mysql_uri: server.uri('crm'),
        table: 'contacts',
        searched_columns: ['firstname'],
        first_matched_columns: ['number'],
        pool_size: 3,
      },
      async (source) => {
        // Fill the pool with connections that the restart will break.
        await Promise.all(['alice', 'bob', 'zoë'].map((t) => source.search(t, callArgs())));
        await server.restart();
        expect(names(await source.search('alice', callArgs()))).toEqual(['Alice']);
        expect((await source.firstMatch('1003', callArgs()))?.fields.firstname).toBe('Bob');
      },
    );
  });

  it('stops a slow query at query_timeout on the server, and the connection serves the next query', async () => {
    await withSource(
      {
        mysql_uri: server.uri('crm'),
        query: SLOW_QUERY,
        searched_columns: ['firstname'],
        pool_size: 1,
        query_timeout: 0.3,
      },
      async (source) => {
        await expect(source.search('alice', callArgs())).rejects.toThrow(/stopped by the server at query_timeout/);
        expect(await runningQueries()).toBe(0);
        // With one connection, this would wait for the pool if the first query still held it.
        await expect(source.search('bob', callArgs())).rejects.toThrow(/stopped by the server at query_timeout/);
      },
    );
  });

  it('kills the query on the server when the caller gives up', async () => {
    await withSource(
      {
        mysql_uri: server.uri('crm'),
        query: SLOW_QUERY,
        searched_columns: ['firstname'],
        query_timeout: 30,
      },
      async (source) => {
        const started = Date.now();
        const call = source.search('alice', sourceCallArgs({ signal: AbortSignal.timeout(300) }));
        await expect(call).rejects.toThrow(/timed out|aborted/i);
        expect(Date.now() - started).toBeLessThan(3000);
        // Without the KILL QUERY, SLEEP(5) would still run for seconds.
        await expect.poll(runningQueries, { timeout: 2000, interval: 50 }).toBe(0);
      },
    );
  });

  it('fails fast, for every waiting call, when connecting hangs', async () => {
    const hole = await blackHole();
    const logger = memoryLogger();
    const block = {
      host: '127.0.0.1',
      port: hole.port,
      database: 'crm',
      table: 'contacts',
      searched_columns: ['firstname'],
      pool_size: 2,
      connect_timeout: 0.3,
    };
    try {
      await withSource(
        block,
        async (source) => {
          expect(logger.entries).toContainEqual(
            expect.objectContaining({
              level: 'warn',
              msg: expect.stringMatching(/^cannot reach .*ETIMEDOUT/),
            }),
          );
          const started = Date.now();
          const outcomes = await Promise.allSettled(Array.from({ length: 30 }, () => source.search('a', callArgs())));
          expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
          // Bounded by connect_timeout (0.3 s per attempt), not by the callers' 20 s deadline.
          expect(Date.now() - started).toBeLessThan(5000);
        },
        logger,
      );
    } finally {
      await hole.close();
    }
  });
});
