import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PATHS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

/** The full path of `binary` in the usual system folders, or undefined. */
export function findBinary(binary: string): string | undefined {
  return PATHS.map((p) => `${p}/${binary}`).find((p) => existsSync(p));
}

/**
 * Makes sure the Debian packages providing `binaries` are installed, installing the missing ones with apt-get
 * (as `npm test` must work on a fresh machine). `binaries` maps a program to its package.
 */
export function ensureDebianPackages(binaries: Readonly<Record<string, string>>): void {
  const missing = [
    ...new Set(
      Object.entries(binaries)
        .filter(([bin]) => !findBinary(bin))
        .map(([, pkg]) => pkg),
    ),
  ];
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `the tests need the Debian packages ${missing.join(', ')}: install them with "sudo apt-get install ${missing.join(' ')}"`,
    );
  }
  process.stderr.write(`[test-servers] installing ${missing.join(', ')} with apt-get\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (missing.includes('slapd')) {
    // Without this, the package builds its own directory with a random domain.
    spawnSync('debconf-set-selections', { input: 'slapd slapd/no_configuration boolean true\n', env });
  }
  const install = () =>
    execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 600_000,
    });
  try {
    install();
  } catch {
    execFileSync('apt-get', ['update', '-q'], { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
    install();
  }
}
