/** Stable error codes: operators grep for them, tests assert them, the start-up report carries them. */
export const ErrorCodes = {
  CONFIG_PARSE: 'DIRD_ERR_CONFIG_PARSE',
  CONFIG_INVALID: 'DIRD_ERR_CONFIG_INVALID',
  PLUGIN_NOT_INSTALLED: 'DIRD_ERR_PLUGIN_NOT_INSTALLED',
  PLUGIN_NOT_ENABLED: 'DIRD_ERR_PLUGIN_NOT_ENABLED',
  PLUGIN_BROKEN: 'DIRD_ERR_PLUGIN_BROKEN',
  PLUGIN_CONFLICT: 'DIRD_ERR_PLUGIN_CONFLICT',
  LOAD_FAILED: 'DIRD_ERR_LOAD_FAILED',
  DEPENDENCY_MISSING: 'DIRD_ERR_DEPENDENCY_MISSING',
  DEPENDENCY_CYCLE: 'DIRD_ERR_DEPENDENCY_CYCLE',
  ROUTE_UNDECLARED: 'DIRD_ERR_ROUTE_UNDECLARED',
  NOTHING_LOADABLE: 'DIRD_ERR_NOTHING_LOADABLE',
  TIMEOUT: 'DIRD_ERR_TIMEOUT',
  AUTH_UNAVAILABLE: 'DIRD_ERR_AUTH_UNAVAILABLE',
} as const;

/** One of the stable error codes of {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** An error with a stable code, a message that says what to do, and its cause. */
export class DirdError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DirdError';
    this.code = code;
  }
}

/** A configuration mistake; `file` and `key` say where it is. */
export class ConfigError extends DirdError {
  readonly file: string | undefined;
  readonly key: string | undefined;

  constructor(message: string, where: { file?: string; key?: string } = {}, options?: { cause?: unknown }) {
    super(ErrorCodes.CONFIG_INVALID, formatWhere(where) + message, options);
    this.name = 'ConfigError';
    this.file = where.file;
    this.key = where.key;
  }
}

function formatWhere({ file, key }: { file?: string; key?: string }): string {
  if (file && key) return `${file}: ${key}: `;
  if (file) return `${file}: `;
  if (key) return `${key}: `;
  return '';
}

/** The message of anything thrown, for logs. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The stable code of anything thrown: its own when it is a {@link DirdError}, else `fallback`. */
export function codeOf(err: unknown, fallback: ErrorCode = ErrorCodes.LOAD_FAILED): ErrorCode {
  return err instanceof DirdError ? err.code : fallback;
}
