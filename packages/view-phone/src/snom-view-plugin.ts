import { PhoneViewPlugin } from './phone-view-plugin.js';
import type { InputDocument, PhoneVendor, ResultsDocument } from './vendor.js';
import { XML_TYPE } from './vendor.js';
import { x, XML_DECLARATION } from './xml.js';

function input({ t, url }: InputDocument): string {
  return (
    `${XML_DECLARATION}<SnomIPPhoneInput>\n<Title>${x(t.search)}</Title>\n<Prompt>${x(t.nameOrNumberPrompt)}</Prompt>\n` +
    `<URL>${x(url)}</URL>\n<InputItem>\n<DisplayName>${x(t.nameOrNumber)}</DisplayName>\n` +
    '<QueryStringParam>term</QueryStringParam>\n<DefaultValue />\n<InputFlags>A</InputFlags>\n</InputItem>\n' +
    '</SnomIPPhoneInput>\n'
  );
}

function softKey(label: string, url: string, key: string): string {
  return `<SoftKeyItem>\n<Label>${x(label)}</Label>\n<URL>${x(url)}</URL>\n<Name>${key}</Name>\n</SoftKeyItem>\n`;
}

function results({ t, page, previousUrl, nextUrl }: ResultsDocument): string {
  let out = `${XML_DECLARATION}<SnomIPPhoneDirectory>\n`;
  for (const e of page.entries) {
    out += `<DirectoryEntry>\n<Name>${x(e.name)}</Name>\n<Telephone>${x(e.number)}</Telephone>\n</DirectoryEntry>\n`;
  }
  if (page.entries.length === 0) {
    out += `<DirectoryEntry>\n<Name>${x(t.noEntries)}</Name>\n<Telephone></Telephone>\n</DirectoryEntry>\n`;
  }
  if (previousUrl !== undefined) out += softKey(t.prevPageKey, previousUrl, 'F2');
  if (nextUrl !== undefined) out += softKey(t.nextPageKey, nextUrl, 'F4');
  return `${out}</SnomIPPhoneDirectory>\n`;
}

/** Snom phones (SnomIPPhoneInput, SnomIPPhoneDirectory with F2/F4 paging keys): 16 entries a page. */
export const snom: PhoneVendor = { name: 'snom', contentType: XML_TYPE, defaultLimit: 16, pages: true, input, results };

/** The `snom_view` view: the input and lookup documents of Snom phones. */
export class SnomViewPlugin extends PhoneViewPlugin {
  protected readonly vendor = snom;
}
