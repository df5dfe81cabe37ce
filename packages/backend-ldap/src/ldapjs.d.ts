// The part of ldapjs 3.0.7 that ldap-client.ts uses (ldapjs ships no types; @types/ldapjs describes v2's API).
declare module 'ldapjs' {
  import type { EventEmitter } from 'node:events';
  import type { ConnectionOptions } from 'node:tls';

  export interface ClientOptions {
    url: string;
    connectTimeout?: number;
    tlsOptions?: ConnectionOptions;
    queueDisable?: boolean;
  }

  export interface SearchOptions {
    scope: 'base' | 'one' | 'sub';
    filter: Filter;
    attributes?: string[];
    sizeLimit?: number;
    timeLimit?: number;
    paged?: false | { pageSize: number; pagePause: boolean };
  }

  export interface Client extends EventEmitter {
    bind(name: string, credentials: string, callback: (err: Error | null) => void): void;
    search(base: string, options: SearchOptions, callback: (err: Error | null, res: EventEmitter) => void): void;
    abandon(messageId: number, callback: (err: Error | null) => void): void;
    destroy(err?: Error): void;
  }

  export interface Filter {
    toString(): string;
  }

  export interface SearchEntry {
    objectName: { toString(): string } | string | null;
    attributes: { type: string; buffers: Buffer[] }[];
  }

  export type FilterClass<A> = new (args: A) => Filter;

  const ldap: {
    createClient(options: ClientOptions): Client;
    parseDN(dn: string): { toString(): string };
    AndFilter: FilterClass<{ filters: Filter[] }>;
    OrFilter: FilterClass<{ filters: Filter[] }>;
    NotFilter: FilterClass<{ filter: Filter }>;
    EqualityFilter: FilterClass<{ attribute: string; raw: Buffer }>;
    GreaterThanEqualsFilter: FilterClass<{ attribute: string; value: string }>;
    LessThanEqualsFilter: FilterClass<{ attribute: string; value: string }>;
    ApproximateFilter: FilterClass<{ attribute: string; value: string }>;
    PresenceFilter: FilterClass<{ attribute: string }>;
    SubstringFilter: FilterClass<{ attribute: string; initial?: string; any: string[]; final?: string }>;
    ExtensibleFilter: FilterClass<{ attribute?: string; rule?: string; dnAttributes: boolean; value: string }>;
  };
  export default ldap;
}
