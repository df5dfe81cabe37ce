// The direct LDAP baseline: ldapjs, one bound connection, the substring filter dird's ldap backend sends.
import type { DirectClient } from './direct-client.js';

/** Connection and search settings, the same as the dird source's. */
export interface LdapDirectConfig {
  readonly url: string;
  readonly bindDn: string;
  readonly password: string;
  readonly baseDn: string;
  readonly searchedAttributes: readonly string[];
  readonly fetchedAttributes: readonly string[];
}

interface LdapClient {
  bind(dn: string, password: string, callback: (err: Error | null) => void): void;
  search(
    base: string,
    options: object,
    callback: (err: Error | null, res: { on(event: string, listener: (arg: unknown) => void): void }) => void,
  ): void;
  unbind(callback: () => void): void;
  on(event: string, listener: (err: Error) => void): void;
}

export async function open(config: LdapDirectConfig): Promise<DirectClient> {
  // ldapjs comes with @dird/backend-ldap; imported by name so this module type-checks without it.
  const name = 'ldapjs';
  const ldap = (await import(name)) as {
    default: {
      createClient(options: object): LdapClient;
      OrFilter: new (o: object) => object;
      SubstringFilter: new (o: object) => object;
    };
  };
  const client = ldap.default.createClient({ url: [config.url] });
  client.on('error', () => undefined);
  await new Promise<void>((resolve, reject) =>
    client.bind(config.bindDn, config.password, (err) => (err ? reject(err) : resolve())),
  );
  return {
    search(term) {
      // Filter objects, as dird builds them: ldapjs sends a filter string holding non-ASCII text wrongly.
      const filter = new ldap.default.OrFilter({
        filters: config.searchedAttributes.map(
          (attribute) => new ldap.default.SubstringFilter({ attribute, any: [term] }),
        ),
      });
      return new Promise((resolve, reject) =>
        client.search(
          config.baseDn,
          { scope: 'sub', filter, attributes: [...config.fetchedAttributes] },
          (err, res) => {
            if (err) return reject(err);
            let found = 0;
            res.on('searchEntry', () => found++);
            res.on('error', (e) => reject(e as Error));
            res.on('end', () => resolve(found));
          },
        ),
      );
    },
    close: () => new Promise((resolve) => client.unbind(() => resolve())),
  };
}
