/** V8's `--trace-gc` line of a full collection: `Mark-Compact 24.5 (40.2) -> 20.1 (41.0) MB, …`. */
const FULL_GC = /Mark-Compact(?: \(reduce\))? ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/;

/** The heap after a full collection: in use, and committed (what V8 holds of the RSS for its heap). */
export interface HeapAfterGc {
  readonly usedMb: number;
  readonly committedMb: number;
}

/**
 * The heap in use (MB) after the last full garbage collection among `lines` (the daemon's output, run with
 * `--trace-gc`): what the daemon really holds, where RSS also counts the room V8 keeps for later.
 */
export function heapAfterLastFullGc(lines: readonly { msg?: unknown }[]): HeapAfterGc | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const msg = lines[i].msg;
    if (typeof msg !== 'string' || !msg.includes('Mark-Compact')) continue;
    const m = FULL_GC.exec(msg);
    if (m) return { usedMb: Number(m[3]), committedMb: Number(m[4]) };
  }
  return undefined;
}
