import { directoryDocument } from './directory-document.js';
import { PhoneViewPlugin } from './phone-view-plugin.js';
import { XML_TYPE, type PhoneVendor } from './vendor.js';

/** Yealink phones (YealinkIPPhoneDirectory, the phone's remote phone book): every entry, unless `limit`. */
export const yealink: PhoneVendor = {
  name: 'yealink',
  contentType: XML_TYPE,
  defaultLimit: undefined,
  pages: false,
  results: (doc) => directoryDocument('YealinkIPPhoneDirectory', doc),
};

/** The `yealink_view` view: the lookup document of Yealink phones. */
export class YealinkViewPlugin extends PhoneViewPlugin {
  protected readonly vendor = yealink;
}
