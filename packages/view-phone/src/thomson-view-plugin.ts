import { directoryDocument } from './directory-document.js';
import { PhoneViewPlugin } from './phone-view-plugin.js';
import { XML_TYPE, type PhoneVendor } from './vendor.js';

/** Thomson phones (ThomsonPhoneBook, numbers as `Dial:N`): 8 entries, no paging links (xivo-dird had none). */
export const thomson: PhoneVendor = {
  name: 'thomson',
  contentType: XML_TYPE,
  defaultLimit: 8,
  pages: false,
  results: (doc) => directoryDocument('ThomsonPhoneBook', doc, (e) => `Dial:${e.number}`),
};

/** The `thomson_view` view: the lookup document of Thomson phones. */
export class ThomsonViewPlugin extends PhoneViewPlugin {
  protected readonly vendor = thomson;
}
