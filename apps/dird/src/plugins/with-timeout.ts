import { DirdError, ErrorCodes } from '@dird/core';

/** Awaits `work`, failing with `DIRD_ERR_TIMEOUT` after `ms`: a plugin that hangs in load or unload never hangs the daemon. */
export async function withTimeout<T>(work: Promise<T> | T, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DirdError(ErrorCodes.TIMEOUT, `${what} did not finish within ${ms / 1000} s`)),
      ms,
    );
  });
  try {
    return await Promise.race([Promise.resolve(work), expired]);
  } finally {
    clearTimeout(timer);
  }
}
