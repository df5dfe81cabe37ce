import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecRequest, runExecCommand } from './exec-tag.js';
import { listConfigFolder, readYamlMapping } from './yaml-files.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dird-yaml-files-'));
  // A stand-in for xivo-confgen: prints a file named by its argument, or fails on stderr.
  await writeFile(
    path.join(dir, 'confgen.sh'),
    [
      'case "$1" in',
      '  missing) echo "confgend: connection refused (127.0.0.1:8669)" >&2; exit 3 ;;',
      '  *) cat "generated/$1" ;;',
      'esac',
      '',
    ].join('\n'),
  );
  await mkdir(path.join(dir, 'generated', 'dird'), { recursive: true });
  await writeFile(
    path.join(dir, 'generated', 'dird', 'services.yml'),
    'services:\n  lookup:\n    default:\n      sources: {my_csv: true, personal: true}\n      timeout: 2.9\n',
  );
  await writeFile(path.join(dir, 'generated', 'list.yml'), '- a\n- b\n');
  await writeFile(path.join(dir, 'generated', 'bad.yml'), 'a: [unclosed\n');
  await writeFile(path.join(dir, 'generated', 'empty.yml'), '');
  await writeFile(path.join(dir, 'generated', 'nested-exec.yml'), 'x: !exec {command: touch ran}\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configFile(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('!exec, as xivo-lib-python reads it', () => {
  it("replaces a file holding `!exec` + `command:` by the command's output, run in the file's folder, no shell", async () => {
    const file = await configFile('050-xivo-services.yml', '!exec\ncommand: sh confgen.sh dird/services.yml\n');
    expect(await readYamlMapping(file)).toEqual({
      services: { lookup: { default: { sources: { my_csv: true, personal: true }, timeout: 2.9 } } },
    });
  });

  it('replaces a tagged mapping inside a file by the output, whatever it is', async () => {
    const file = await configFile('nested.yml', 'debug: no\nplugins: !exec {command: sh confgen.sh list.yml}\n');
    expect(await readYamlMapping(file)).toEqual({ debug: false, plugins: ['a', 'b'] });
  });

  it('a command that fails stops the start, naming the file, the command and the end of its error output', async () => {
    const file = await configFile('fails.yml', '!exec\ncommand: sh confgen.sh missing\n');
    await expect(readYamlMapping(file)).rejects.toThrow(
      `${file}: !exec command \`sh confgen.sh missing\` failed (exit code 3); its error output ends with:\n` +
        'confgend: connection refused (127.0.0.1:8669)',
    );
  });

  it('a command that is not installed says so', async () => {
    const file = await configFile('absent.yml', '!exec\ncommand: xivo-confgen-not-here dird/services.yml\n');
    await expect(readYamlMapping(file)).rejects.toThrow(
      `${file}: !exec command \`xivo-confgen-not-here dird/services.yml\` cannot run: xivo-confgen-not-here not found (ENOENT)`,
    );
  });

  it('an output that is not YAML, or not a mapping for a whole file, stops the start naming file and command', async () => {
    const bad = await configFile('bad-output.yml', '!exec\ncommand: sh confgen.sh bad.yml\n');
    await expect(readYamlMapping(bad)).rejects.toThrow(
      new RegExp(`^${bad}: !exec command \`sh confgen\\.sh bad\\.yml\` printed something that is not YAML: line 2`),
    );
    const list = await configFile('list-output.yml', '!exec\ncommand: sh confgen.sh list.yml\n');
    await expect(readYamlMapping(list)).rejects.toThrow(
      `${list}: !exec command \`sh confgen.sh list.yml\` printed a list, not a mapping (key: value lines)`,
    );
  });

  it('an output with !exec in it runs nothing more', async () => {
    const file = await configFile('nested-output.yml', '!exec\ncommand: sh confgen.sh nested-exec.yml\n');
    await expect(readYamlMapping(file)).rejects.toThrow(/printed something that is not YAML: .*Unresolved tag: !exec/);
    await expect(readFile(path.join(dir, 'ran'))).rejects.toThrow(/ENOENT/);
  });

  it('a command that prints nothing adds nothing, with a warning', async () => {
    const file = await configFile('empty-output.yml', '!exec\ncommand: sh confgen.sh empty.yml\n');
    const warnings: string[] = [];
    expect(await readYamlMapping(file, (w) => warnings.push(w))).toEqual({});
    expect(warnings).toEqual([
      `${file}: !exec command \`sh confgen.sh empty.yml\` printed nothing: the file adds no settings`,
    ]);
  });

  it('!exec without a command, or on a text or a list, is a YAML error with its line', async () => {
    for (const text of ['!exec\ncmd: x\n', 'a: 1\nb: !exec sh confgen.sh\n', 'b: !exec [sh, x]\n']) {
      const file = await configFile('no-command.yml', text);
      await expect(readYamlMapping(file)).rejects.toThrow(
        new RegExp(`^${file}: invalid YAML: line \\d+, column \\d+: !exec needs a mapping`),
      );
    }
  });

  it('a command running past its deadline is killed with what it started, and stops the start', async () => {
    const pidFile = path.join(dir, 'child.pid');
    const script = await configFile('hang.sh', `sleep 60 &\necho $! > ${pidFile}\necho started >&2\nwait\n`);
    const started = Date.now();
    await expect(
      runExecCommand(new ExecRequest(`sh ${script}`), { file: path.join(dir, 'conf.yml') }, 0.5),
    ).rejects.toThrow(`did not finish within 0.5 s: killed; its error output ends with:\nstarted`);
    expect(Date.now() - started).toBeLessThan(10_000);
    const child = Number((await readFile(pidFile, 'utf8')).trim());
    // The background sleep was in the command's process group: killed too, not left running (a zombie
    // waiting for its new parent to reap it counts as gone).
    await expect.poll(() => processState(child)).toMatch(/^(gone|Z)$/);
  });
});

/** The state letter of a process (R, S, Z…), or `gone`. */
async function processState(pid: number): Promise<string> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return 'gone';
  }
}

describe('config folders', () => {
  it('reads only *.yml files, in name order; a README, a .dpkg-old, an editor backup and a hidden file are skipped', async () => {
    const folder = path.join(dir, 'conf.d');
    await mkdir(path.join(folder, 'sub.yml'), { recursive: true });
    for (const name of ['20-b.yml', '10-a.yml', 'README', 'my_csv.yml.dpkg-old', '10-a.yml~', '.hidden.yml', 'x.yaml'])
      await writeFile(path.join(folder, name), 'a: 1\n');
    const { files, skipped } = await listConfigFolder(folder);
    expect(files.map((f) => path.basename(f))).toEqual(['10-a.yml', '20-b.yml']);
    expect(skipped.map(({ file, why, warn }) => [path.basename(file), why, warn ?? false])).toEqual([
      ['.hidden.yml', 'a hidden file', false],
      ['10-a.yml~', 'only *.yml files are read', false],
      ['README', 'only *.yml files are read', false],
      ['my_csv.yml.dpkg-old', 'only *.yml files are read', false],
      ['sub.yml', 'a folder', false],
      ['x.yaml', 'only *.yml files are read, as in xivo-dird: rename it to .yml', true],
    ]);
  });

  it('a missing folder holds nothing', async () => {
    expect(await listConfigFolder(path.join(dir, 'nowhere'))).toEqual({ files: [], skipped: [] });
  });
});
