import { describe, expect, it } from 'vitest';
import { fieldsAt } from './paths.js';

const contact = {
  phonebook: { id: '7', firstname: 'Hélène', lastname: ' Müller ', displayname: null, age: 42, vip: true },
  phonebooknumber: { office: { number: '0123456789' } },
  phonebookaddress: { office: { city: 'Lyon' } },
};

describe('fieldsAt', () => {
  it('reads dotted paths into the nested contact, as text', () => {
    expect(
      fieldsAt(contact, [
        'phonebook.firstname',
        'phonebook.lastname',
        'phonebooknumber.office.number',
        'phonebook.age',
      ]),
    ).toEqual({
      'phonebook.firstname': 'Hélène',
      'phonebook.lastname': ' Müller ',
      'phonebooknumber.office.number': '0123456789',
      'phonebook.age': '42',
    });
    expect(fieldsAt(contact, ['phonebook.vip'])).toEqual({ 'phonebook.vip': 'true' });
  });

  it('gives empty text for null, objects and paths that lead nowhere, telling only the last', () => {
    const missing: string[] = [];
    const fields = fieldsAt(
      contact,
      ['phonebook.displayname', 'phonebookaddress.office', 'phonebooknumber.mobile.number', 'phonebook.firstname.x'],
      (path) => missing.push(path),
    );
    expect(Object.values(fields)).toEqual(['', '', '', '']);
    expect(missing).toEqual(['phonebooknumber.mobile.number', 'phonebook.firstname.x']);
  });

  it("follows only the contact's own keys", () => {
    const missing: string[] = [];
    const fields = fieldsAt(contact, ['__proto__', 'phonebook.constructor.name', 'toString'], (p) => missing.push(p));
    expect(Object.keys(fields)).toEqual(['__proto__', 'phonebook.constructor.name', 'toString']);
    expect(Object.values(fields)).toEqual(['', '', '']);
    expect(missing).toHaveLength(3);
  });
});
