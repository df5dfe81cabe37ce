import type { StoreLimits } from '@dird/service-user-store/contract';

type Rule = readonly [broken: (key: string) => boolean, message: string];

/** xivo-dird's rules on attribute names (reference §6.3), with its messages. */
const KEY_RULES: readonly Rule[] = [
  [(k) => k === '.', 'key `.` is invalid'],
  [(k) => k.includes('..'), '.. is forbidden in keys'],
  [(k) => k.includes('//'), '// is forbidden in keys'],
  [(k) => k.startsWith('/'), 'key must not start with /'],
  [(k) => k.endsWith('/'), 'key must not end with /'],
  [(k) => k.startsWith('./'), 'key must not start with ./'],
  [(k) => k.endsWith('/.'), 'key must not end with /.'],
  [(k) => k.includes('/./'), 'key must not contain /./'],
  [(k) => !/^[\x00-\x7f]*$/.test(k), 'key must contain only ASCII characters'],
  [(k) => k === '', 'key must not be empty'],
];

/**
 * What is wrong with a contact: every rule broken, once each (xivo-dird's rules and messages, then the store's
 * limits); empty when it can be stored. `body` is anything a client sent.
 */
export function contactProblems(body: unknown, limits: StoreLimits): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return ['the contact must be a JSON object of attribute names to string values'];
  }
  const entries = Object.entries(body);
  const keys = entries.map(([k]) => k);
  const problems: string[] = [];
  if (!entries.every(([, v]) => typeof v === 'string')) problems.push('all values must be strings');
  for (const [broken, message] of KEY_RULES) if (keys.some(broken)) problems.push(message);
  if (keys.some((k) => k.length > limits.attributeName)) {
    problems.push(`key must be at most ${limits.attributeName} characters`);
  }
  if (entries.some(([, v]) => typeof v === 'string' && v.length > limits.value)) {
    problems.push(`values must be at most ${limits.value} characters`);
  }
  if (keys.length > limits.attributes) problems.push(`a contact has at most ${limits.attributes} attributes`);
  return problems;
}
