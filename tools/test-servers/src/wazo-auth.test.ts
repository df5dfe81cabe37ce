import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from './certificate.js';
import { startWazoAuth, type WazoAuthMock } from './wazo-auth.js';

let mock: WazoAuthMock;
const base = () => `http://127.0.0.1:${mock.port}`;

beforeAll(async () => {
  mock = await startWazoAuth({
    tokens: { t1: { auth_id: 'user-1', xivo_user_uuid: 'pbx-1', tenant_uuid: 'tenant-1', acl: ['dird.#', '!dird.x'] } },
  });
});

afterAll(async () => {
  await mock.close();
});

describe('mock wazo-auth', () => {
  it('answers HEAD as wazo-auth: 204 granted, 403 ACL missing, 404 unknown token, and records the scope', async () => {
    const head = async (p: string) => (await fetch(base() + p, { method: 'HEAD' })).status;
    expect(await head('/0.1/token/t1?scope=dird.y')).toBe(204);
    expect(await head('/0.1/token/t1')).toBe(204);
    expect(await head('/0.1/token/t1?scope=dird.x')).toBe(403);
    expect(await head('/0.1/token/t2?scope=dird.y')).toBe(404);
    expect(await head('/0.1/token/t1/more')).toBe(404);
    expect(mock.requests.map((r) => [r.token, r.scope])).toEqual([
      ['t1', 'dird.y'],
      ['t1', null],
      ['t1', 'dird.x'],
      ['t2', 'dird.y'],
      [null, null],
    ]);
  });

  it("answers GET with the token's data, as wazo-auth gives it", async () => {
    const res = await fetch(`${base()}/0.1/token/t1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      data: {
        token: 't1',
        auth_id: 'user-1',
        xivo_user_uuid: 'pbx-1',
        acl: ['dird.#', '!dird.x'],
        metadata: { tenant_uuid: 'tenant-1' },
      },
    });
    const missing = await fetch(`${base()}/0.1/token/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ reason: ['No such token'], status_code: 404 });
  });

  it('hangs when told to, until stopped; refuses connections while stopped; serves again once started', async () => {
    mock.behave({ mode: 'hang' });
    const hung = fetch(`${base()}/0.1/token/t1`).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 100));
    await mock.stop();
    expect(await hung).toBe('dropped');
    await expect(fetch(`${base()}/0.1/token/t1`)).rejects.toThrow();
    mock.behave({ mode: 'answer' });
    await mock.start();
    expect((await fetch(`${base()}/0.1/token/t1`)).status).toBe(200);
  });

  it('serves HTTPS with a self-signed certificate, and gives the auth section pointing at it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-wazo-auth-'));
    const secure = await startWazoAuth({
      tls: await selfSignedCertificate(dir),
      tokens: { t: { auth_id: 'u', acl: [] } },
    });
    try {
      const config = secure.authConfig();
      expect(config).toMatchObject({ host: '127.0.0.1', port: secure.port, https: true });
      const ca = await readFile(String(config.verify_certificate), 'utf8');
      const status = await new Promise<number | undefined>((resolve, reject) => {
        https
          .get(`https://127.0.0.1:${secure.port}/0.1/token/t`, { ca }, (res) => {
            res.resume();
            resolve(res.statusCode);
          })
          .on('error', reject);
      });
      expect(status).toBe(200);
    } finally {
      await secure.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
