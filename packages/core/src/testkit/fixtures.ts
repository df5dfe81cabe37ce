import type { Logger } from '../logger.js';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A CSV document from a header and rows (values quoted when they must be). */
export function csv(header: readonly string[], rows: readonly (readonly string[])[], eol = '\n'): string {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...rows].map((r) => r.map(field).join(',')).join(eol) + eol;
}

/** A display column. */
export function column(
  title: string | null,
  field: string | null,
  type: string | null = null,
  extra: Record<string, unknown> = {},
) {
  return { title, field, type, ...extra };
}

/**
 * A TCP server on a free loopback port that accepts connections and never answers: the "hanging server"
 * of the timeout tests. `close()` destroys the sockets it holds.
 */
export async function blackHole(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let total = 0;
  const server: Server = createServer((s) => {
    total++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    connections: () => total,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A free TCP port on 127.0.0.1 (for servers that cannot be told to pick one). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** One call kept by {@link memoryLogger}. */
export interface LogEntry {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}

/** A logger that keeps what it is given, for assertions on what an operator would read. */
export function memoryLogger(): Logger & { entries: LogEntry[]; text: () => string } {
  const entries: LogEntry[] = [];
  const at = (level: string) => (obj: unknown, msg?: string) =>
    void entries.push({
      level,
      obj: (typeof obj === 'object' && obj !== null ? obj : {}) as Record<string, unknown>,
      msg: msg ?? (typeof obj === 'string' ? obj : ''),
    });
  const logger = {
    entries,
    text: () => entries.map((e) => `${e.level}: ${e.msg}`).join('\n'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}
