// A lean load process for large answers: HTTP/1.1 keep-alive connections on plain sockets, each sending its next
// request when the previous answer has arrived, reading only the status line and Content-Length of each answer
// and counting its body's bytes. autocannon decodes every body into a string and parses it in JavaScript: with
// answers of 290 KB its core is full at about 750 answers a second, before the server is (docs/benchmarks.md,
// finding 22). Usage: lean-load.ts SPEC.json (a LoadSpec); prints the LoadResult as JSON on its last line.
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { Measurement, type LoadSpec } from './load-spec.js';

const spec = JSON.parse(await readFile(process.argv[2], 'utf8')) as LoadSpec;
const url = new URL(spec.url);
const extra = Object.entries(spec.headers ?? {})
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');
const requests = spec.paths.map((p) => Buffer.from(`GET ${p} HTTP/1.1\r\nHost: ${url.host}\r\n${extra}\r\n`));
const HEADER_END = Buffer.from('\r\n\r\n');
const TIMEOUT_MS = 10_000;

const measurement = new Measurement(spec.warmupS);
let running = true;
let next = 0;

/** One connection: a request in flight at a time, answers parsed as they come. */
function connection(): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    socket.setNoDelay(true);
    let head: Buffer | null = Buffer.alloc(0);
    let status = 0;
    let left = 0;
    let sentAt = 0;
    let timer: NodeJS.Timeout | undefined;
    const send = () => {
      if (!running) {
        socket.end();
        return;
      }
      head = Buffer.alloc(0);
      sentAt = performance.now();
      timer = setTimeout(() => socket.destroy(new Error('timeout')), TIMEOUT_MS);
      socket.write(requests[next++ % requests.length]);
    };
    const answered = () => {
      clearTimeout(timer);
      if (!running) return void socket.end();
      measurement.answer(performance.now() - sentAt, status);
      send();
    };
    const body = (chunk: Buffer, from: number) => {
      left -= chunk.length - from;
      if (left < 0) throw new Error('lean-load: more bytes than Content-Length (pipelining is not used)');
      if (left === 0) answered();
    };
    socket.on('connect', send);
    socket.on('data', (chunk: Buffer) => {
      if (head === null) return body(chunk, 0);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf(HEADER_END);
      if (end < 0) return;
      const text = head.subarray(0, end).toString('latin1');
      status = Number(text.slice(9, 12));
      const length = /\r\ncontent-length: *(\d+)/i.exec(text);
      if (!length) throw new Error(`lean-load: an answer without Content-Length:\n${text}`);
      left = Number(length[1]);
      const rest = head;
      head = null;
      if (left === 0 && rest.length === end + 4) answered();
      else body(rest, end + 4);
    });
    socket.on('error', () => measurement.failure());
    socket.on('close', () => {
      clearTimeout(timer);
      if (running) void connection().then(resolve);
      else resolve();
    });
  });
}

const done = Promise.all(Array.from({ length: spec.connections }, connection));
await new Promise((r) => setTimeout(r, (spec.warmupS + spec.durationS) * 1000));
running = false;
const result = measurement.result();
await Promise.race([done, new Promise((r) => setTimeout(r, TIMEOUT_MS))]);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
