/**
 * What must not appear raw in XML or HTML text and attribute values: the markup characters, and the
 * characters XML 1.0 forbids (C0 controls but tab, newline and carriage return; U+FFFE, U+FFFF; unpaired
 * surrogates), which would make a phone's parser refuse the whole directory.
 */
const UNSAFE =
  /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * `value` made safe inside XML (and HTML) text or a quoted attribute: markup characters become entities,
 * characters XML forbids become U+FFFD. Every value a phone document carries goes through here.
 */
export function x(value: string | number): string {
  return String(value).replace(UNSAFE, (c) => ENTITIES[c] ?? '\uFFFD');
}

/** The XML declaration every XML answer starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" ?>\n';
