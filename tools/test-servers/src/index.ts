export { selfSignedCertificate, type CertificateFiles } from './certificate.js';
export { ensureDebianPackages, findBinary } from './debian.js';
export { alive, readPid, stopPid, waitUntil } from './process.js';
export { startMariadb, type MariadbOptions, type MariadbServer } from './mariadb.js';
export {
  contactEntries,
  organizationalUnit,
  personEntries,
  suffixEntry,
  toLdif,
  type LdifEntry,
  type LdifValue,
} from './ldif.js';
export { OBJECT_GUID_SCHEMA, startSlapd, type Slapd, type SlapdOptions } from './slapd.js';
export { createUserStoreDatabase, USER_STORE_PRIVILEGES } from './user-store.js';
export {
  startWazoAuth,
  type WazoAuthBehaviour,
  type WazoAuthMock,
  type WazoAuthOptions,
  type WazoAuthRequest,
  type WazoAuthToken,
} from './wazo-auth.js';
export { startWebServers, type WebHandler, type WebRequest, type WebServers } from './web-servers.js';
export { CONFD_TOKEN, CONFD_USERS, startConfd, XIVO_UUID, type ConfdServer } from './confd.js';
export {
  PHONEBOOK_CONTACTS,
  PHONEBOOK_PATH,
  startWebiPhonebook,
  WEBI_PASSWORD,
  WEBI_USER,
  type WebiPhonebook,
} from './webi-phonebook.js';
export { startConsulKv, type ConsulKv } from './consul-kv.js';
