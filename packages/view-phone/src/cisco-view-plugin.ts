import { PhoneViewPlugin } from './phone-view-plugin.js';
import type { InputDocument, PhoneVendor, ResultsDocument } from './vendor.js';
import { XML_TYPE } from './vendor.js';
import { x, XML_DECLARATION } from './xml.js';

function menu({ t, url }: InputDocument): string {
  return (
    `${XML_DECLARATION}<CiscoIPPhoneMenu>\n<MenuItem>\n<Name>${x(t.directory)}</Name>\n` +
    `<URL>${x(url)}</URL>\n</MenuItem>\n</CiscoIPPhoneMenu>\n`
  );
}

function input({ t, url }: InputDocument): string {
  return (
    `${XML_DECLARATION}<CiscoIPPhoneInput>\n<Title>${x(t.search)}</Title>\n<Prompt>${x(t.nameOrNumber)}</Prompt>\n` +
    `<URL>${x(url)}</URL>\n<InputItem>\n<DisplayName>${x(t.nameOrNumber)}</DisplayName>\n` +
    '<QueryStringParam>term</QueryStringParam>\n<DefaultValue />\n<InputFlags>A</InputFlags>\n</InputItem>\n' +
    '</CiscoIPPhoneInput>\n'
  );
}

function softKey(name: string, url: string, position: number): string {
  return `<SoftKeyItem>\n<Name>${x(name)}</Name>\n<URL>${x(url)}</URL>\n<Position>${position}</Position>\n</SoftKeyItem>\n`;
}

function results({ t, page, previousUrl, nextUrl }: ResultsDocument): string {
  let out = `${XML_DECLARATION}<CiscoIPPhoneDirectory>\n`;
  for (const e of page.entries) {
    out += `<DirectoryEntry>\n<Name>${x(e.name)}</Name>\n<Telephone>${x(e.number)}</Telephone>\n</DirectoryEntry>\n`;
  }
  if (page.entries.length === 0) {
    out += `<DirectoryEntry>\n<Name>${x(t.noEntries)}</Name>\n<Telephone></Telephone>\n</DirectoryEntry>\n`;
  }
  // The soft keys replace the phone's own, so they are given only when there is a page to go to.
  if (previousUrl !== undefined || nextUrl !== undefined) {
    out += softKey(t.dial, 'SoftKey:Dial', 1);
    if (previousUrl !== undefined) out += softKey(t.prevPageKey, previousUrl, 2);
    out += softKey(t.exit, 'SoftKey:Exit', 3);
    if (nextUrl !== undefined) out += softKey(t.nextPageKey, nextUrl, 4);
  }
  return `${out}</CiscoIPPhoneDirectory>\n`;
}

/** Cisco IP phones (CiscoIPPhoneMenu, CiscoIPPhoneInput, CiscoIPPhoneDirectory): 16 entries a page. */
export const cisco: PhoneVendor = {
  name: 'cisco',
  contentType: XML_TYPE,
  defaultLimit: 16,
  pages: true,
  menu,
  input,
  results,
};

/** The `cisco_view` view: the menu, input and lookup documents of Cisco IP phones. */
export class CiscoViewPlugin extends PhoneViewPlugin {
  protected readonly vendor = cisco;
}
