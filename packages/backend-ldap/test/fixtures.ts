import { readFile } from 'node:fs/promises';
import { checkBlock, type Logger, type SourceCallArgs } from '@dird/core';
import {
  OBJECT_GUID_SCHEMA,
  organizationalUnit,
  startSlapd,
  type LdifEntry,
  type SlapdOptions,
} from '@dird/test-servers';
import { LdapConfigSchema, type LdapConfig } from '../src/config.js';
import { LdapSourcePlugin } from '../src/ldap-source-plugin.js';

export const SUFFIX = 'dc=example,dc=com';
export const PEOPLE = `ou=people,${SUFFIX}`;
export const QUEBEC = `ou=québec,${SUFFIX}`;

/** objectGUID values of the Québec office (16 bytes each, shown here in canonical text). */
export const GUIDS = {
  francois: 'f3bc2a27-0d5e-4c1a-9b7e-5a1d2c3b4e01',
  eloise: '0a1b2c3d-4e5f-4061-8273-849506172839',
  jacques: 'ffeeddcc-bbaa-4998-8776-655443322110',
} as const;

function person(
  base: string,
  uid: string,
  given: string,
  sn: string,
  extra: Record<string, string | Buffer | string[]>,
): LdifEntry {
  return {
    dn: `uid=${uid},${base}`,
    attributes: {
      objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
      uid,
      cn: `${given} ${sn}`,
      givenName: given,
      sn,
      ...extra,
    },
  };
}

function withGuid(entry: LdifEntry, uuid: string): LdifEntry {
  const objectClass = [...(entry.attributes.objectClass as string[]), 'dirdGuidObject'];
  return {
    dn: entry.dn,
    attributes: { ...entry.attributes, objectClass, objectGUID: Buffer.from(uuid.replace(/-/g, ''), 'hex') },
  };
}

/** A small company directory: a Paris/Lyon office and a Québec office (accents in names, cities, the DN). */
export function companyDirectory(): LdifEntry[] {
  return [
    organizationalUnit('people', SUFFIX),
    organizationalUnit('québec', SUFFIX),
    person(PEOPLE, 'alice', 'Alice', 'Wonderland', { telephoneNumber: '1111', mobile: '+33611111111', l: 'Paris' }),
    person(PEOPLE, 'bob', 'Bob', 'Charlé', { telephoneNumber: '2222', l: 'Lyon' }),
    person(PEOPLE, 'weird', 'Weird', '(star) *name*', { telephoneNumber: '*', l: 'Paris' }),
    withGuid(
      person(QUEBEC, 'francois', 'François', 'Charlé', {
        telephoneNumber: '+1 514 555 0003',
        mobile: '+15145550103',
        l: 'Québec',
      }),
      GUIDS.francois,
    ),
    withGuid(person(QUEBEC, 'eloise', 'Éloïse', 'Tremblay', { telephoneNumber: '4444', l: 'Montréal' }), GUIDS.eloise),
    withGuid(person(QUEBEC, 'jacques', 'Jacques', 'Côté', { telephoneNumber: '5555', l: 'Québec' }), GUIDS.jacques),
  ];
}

/** slapd with the company directory and the objectGUID schema. */
export function startCompanySlapd(options: SlapdOptions = {}) {
  return startSlapd({ suffix: SUFFIX, schema: OBJECT_GUID_SCHEMA, entries: companyDirectory(), ...options });
}

export { memoryLogger, type LogEntry } from '@dird/core/testkit';
import { loadArgs, memoryLogger, sourceCallArgs } from '@dird/core/testkit';

/** A source loaded the way the daemon does it: block validated (defaults applied), name set, `load` awaited. */
export async function loadSource(
  block: Partial<LdapConfig> & Record<string, unknown>,
  logger: Logger = memoryLogger(),
): Promise<LdapSourcePlugin> {
  const checked = checkBlock<LdapConfig>(LdapConfigSchema, { name: 'directory', type: 'ldap', ...block });
  if (checked.problems.length > 0) throw new Error(JSON.stringify(checked.problems));
  const source = new LdapSourcePlugin();
  source.name = 'directory';
  source.backend = 'ldap';
  await source.load(loadArgs(checked.value, { logger }));
  return source;
}

/** Per-call arguments with a generous deadline. */
export function call(extra: Partial<SourceCallArgs> = {}): SourceCallArgs {
  return sourceCallArgs({ signal: AbortSignal.timeout(10_000), ...extra });
}

/**
 * Established TCP connections from this machine to 127.0.0.1:`port` (client side), read from /proc/net/tcp:
 * the sockets a source still holds towards a server.
 */
export async function connectionsTo(port: number): Promise<number> {
  const table = await readFile('/proc/net/tcp', 'utf8');
  const remote = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return table
    .split('\n')
    .slice(1)
    .filter((line) => {
      const cols = line.trim().split(/\s+/);
      return cols[2] === remote && cols[3] === '01';
    }).length;
}
