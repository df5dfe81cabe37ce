import { directoryDocument } from './directory-document.js';
import { PhoneViewPlugin } from './phone-view-plugin.js';
import { XML_TYPE, type PhoneVendor } from './vendor.js';

/**
 * Htek phones (PhoneDirectory of DirectoryEntry Name/Telephone, the remote phone book format wazo-dird's
 * `htek_view` served): every entry, unless `limit`.
 */
export const htek: PhoneVendor = {
  name: 'htek',
  contentType: XML_TYPE,
  defaultLimit: undefined,
  pages: false,
  results: (doc) => directoryDocument('PhoneDirectory', doc),
};

/** The `htek_view` view: the lookup document of Htek phones. */
export class HtekViewPlugin extends PhoneViewPlugin {
  protected readonly vendor = htek;
}
