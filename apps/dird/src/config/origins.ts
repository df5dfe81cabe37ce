import path from 'node:path';

/** A key path inside the config, e.g. `['services', 'lookup', 'default', 'timeout']`. */
export type KeyPath = readonly string[];

/** Where a value came from: a config file, or a label such as "built-in defaults". */
export interface Origin {
  readonly label: string;
  /** Set when the value came from a file: relative paths in it resolve against this folder. */
  readonly dir?: string;
}

/** The file each key of the merged config came from, so errors can name it and relative paths resolve. */
export class Origins {
  private readonly map = new Map<string, Origin>();

  static file(file: string): Origin {
    return { label: file, dir: path.dirname(file) };
  }

  set(keyPath: KeyPath, origin: Origin): void {
    this.map.set(keyPath.join('\0'), origin);
  }

  /** The origin of `keyPath`, or of its nearest ancestor that has one. */
  of(keyPath: KeyPath): Origin | undefined {
    for (let n = keyPath.length; n > 0; n--) {
      const o = this.map.get(keyPath.slice(0, n).join('\0'));
      if (o) return o;
    }
    return undefined;
  }

  /** Resolves a path value set at `keyPath` against the folder of the file that set it (or the cwd). */
  resolvePath(value: string, keyPath: KeyPath): string {
    return path.resolve(this.of(keyPath)?.dir ?? process.cwd(), value);
  }
}

/** `a.b.c` for messages. */
export function dotted(keyPath: KeyPath): string {
  return keyPath.join('.');
}

/** `/a/b` JSON pointer to a key path. */
export function fromPointer(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
