import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the misbehaving test backends (`broken`, `broken_lookup`, `slow`), for `plugin_paths`. */
export const TEST_PLUGINS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'plugins');

/** A small CSV directory used by several tests. */
export const CONTACTS_CSV = [
  'clientno,firstname,lastname,number,mobile',
  '1,Alice,AAA,5555555555,0600000001',
  '2,Bob,BBB,5555551234,',
  '3,Pépé,Le Pew,1111,',
  '4,Alicia,Alvarez,2222,0611111111',
  '',
].join('\n');
