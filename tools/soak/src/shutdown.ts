import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { lookupTerms } from './data.js';
import { send } from './http-client.js';
import { lookupPath } from './load.js';
import { countShutdownAnswer, shutdownCounts, type ShutdownCounts } from './shutdown-tally.js';
import type { World } from './world.js';

/** What the shutdown under load measured. */
export interface ShutdownResult {
  readonly counts: ShutdownCounts;
  readonly exitCode: number | null;
  /** Milliseconds from SIGTERM to the process's exit. */
  readonly exitMs: number;
}

/**
 * `connections` kept-alive clients send lookups as fast as they are answered; after `warmMs` the daemon gets
 * SIGTERM; they keep sending (a refused connect is retried after 20 ms) until it has exited.
 */
export async function shutdownUnderLoad(world: World, connections: number, warmMs: number): Promise<ShutdownResult> {
  const counts = shutdownCounts();
  const terms = lookupTerms();
  let exited = false;
  const user = world.users[0];
  const client = async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (!exited) {
        const term = terms[Math.floor(Math.random() * terms.length)];
        const a = await send(agent, world.port, { method: 'GET', path: lookupPath(term), token: user.token }, 20_000);
        countShutdownAnswer(counts, a);
        if (exited && a.error === 'ECONNREFUSED') break;
        if (a.error) await sleep(20);
      }
    } finally {
      agent.destroy();
    }
  };
  const clients = Array.from({ length: connections }, client);
  await sleep(warmMs);
  const started = performance.now();
  // stop() sends SIGTERM to the daemon's own pid and resolves with its exit code (SIGKILL after 15 s).
  const exitCode = await world.daemon.stop('SIGTERM');
  const exitMs = performance.now() - started;
  exited = true;
  await Promise.all(clients);
  return { counts, exitCode, exitMs };
}
