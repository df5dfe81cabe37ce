import { PhoneViewPlugin } from './phone-view-plugin.js';
import type { LookupQuery, PhoneVendor, ResultsDocument, VendorQuery } from './vendor.js';
import { XML_TYPE } from './vendor.js';
import { x, XML_DECLARATION } from './xml.js';

/**
 * Gigaset's phone book search protocol names the query itself: `set_first` the searched text, `count` the
 * entries wanted, `first` the position (from 1) of the first one. The phone writes `*` for "anything".
 */
const query: VendorQuery = {
  schema: {
    type: 'object',
    properties: {
      set_first: { type: 'string', default: '', description: 'The searched text (`*` is ignored).' },
      count: { type: 'integer', minimum: 0, description: 'Entries per answer (default: all).' },
      first: { type: 'integer', minimum: 1, default: 1, description: 'Position of the first entry, from 1.' },
    },
  },
  read: (q): LookupQuery => ({
    term: (q.set_first as string).replace(/\*/g, ''),
    limit: q.count as number | undefined,
    offset: (q.first as number) - 1,
  }),
};

function results({ page }: ResultsDocument): string {
  const { entries, total, offset } = page;
  // Positions count from 1; an answer without entries says only that there are none.
  const range = entries.length === 0 ? '' : ` first="${offset + 1}" last="${offset + entries.length}"`;
  let out = `${XML_DECLARATION}<list response="get_list" type="pr" total="${total}"${range}>\n`;
  entries.forEach((e, i) => {
    out += `<entry id="${offset + i + 1}">\n<ln>${x(e.name)}</ln>\n<hm>${x(e.number)}</hm>\n</entry>\n`;
  });
  return `${out}</list>\n`;
}

/**
 * Gigaset phones (the "online directory" of Gigaset's phone book search protocol: `<list response="get_list">`
 * of `<entry>`, the whole name in `ln`, the number in `hm`): every entry, unless `count`.
 */
export const gigaset: PhoneVendor = {
  name: 'gigaset',
  contentType: XML_TYPE,
  defaultLimit: undefined,
  pages: false,
  results,
  query,
};

/** The `gigaset_view` view: the lookup document of Gigaset phones. */
export class GigasetViewPlugin extends PhoneViewPlugin {
  protected readonly vendor = gigaset;
}
