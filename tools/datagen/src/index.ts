export { CONTACT_COLUMNS, csvField, csvLine, formatNumber, generateContacts, type Contact } from './contacts.js';
export { Random } from './random.js';
export { writeContactsCsv } from './write-csv.js';
