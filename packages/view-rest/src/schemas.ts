import { errorBodySchema } from '@dird/core';

const nullableString = { type: ['string', 'null'] } as const;

/** The content type of every JSON answer (what Fastify sets on the ones it serialises itself). */
export const JSON_TYPE = 'application/json; charset=utf-8';

/** The longest `term` or `exten` a request may send: a longer one is a 400 (docs/security.md). */
export const MAX_TERM_LENGTH = 256;

/** `{profile}` in the lookup URLs. */
export const profileParams = {
  type: 'object',
  required: ['profile'],
  properties: { profile: { type: 'string', description: 'A profile of views.profile_to_display.' } },
} as const;

/** Query string of `GET /0.1/directories/lookup/{profile}`. */
export const lookupQuery = {
  type: 'object',
  required: ['term'],
  properties: {
    term: {
      type: 'string',
      maxLength: MAX_TERM_LENGTH,
      description: 'Searched in every source of the profile; empty matches everything.',
    },
    limit: { type: 'integer', minimum: 0, description: 'At most this many results.' },
    offset: { type: 'integer', minimum: 0, default: 0, description: 'Skip this many results of the merged list.' },
  },
} as const;

const headers = {
  column_headers: { type: 'array', items: nullableString },
  column_types: { type: 'array', items: nullableString },
} as const;

const relations = {
  type: 'object',
  properties: {
    xivo_id: {},
    agent_id: {},
    user_id: {},
    user_uuid: {},
    endpoint_id: {},
    source_entry_id: {},
  },
} as const;

/** One result of a lookup, as xivo-dird answers it (plus `backend`, as wazo-dird does). */
export const lookupResult = {
  type: 'object',
  properties: {
    column_values: { type: 'array', items: {} },
    relations,
    source: { type: 'string' },
    backend: { type: 'string' },
  },
} as const;

/** 200 answer of the lookup route. */
export const lookupResponse = {
  type: 'object',
  properties: { ...headers, results: { type: 'array', items: lookupResult }, term: { type: 'string' } },
} as const;

/** 200 answer of the headers route. */
export const headersResponse = { type: 'object', properties: headers } as const;

/** Error answers a route documents. */
export function errorResponses(...codes: number[]): Record<number, typeof errorBodySchema> {
  return Object.fromEntries(codes.map((c) => [c, errorBodySchema]));
}

/** `{profile}` and `{user_uuid}` in the reverse URL. */
export const reverseParams = {
  type: 'object',
  required: ['profile', 'user_uuid'],
  properties: {
    profile: { type: 'string', description: 'A profile of services.reverse.' },
    user_uuid: { type: 'string', description: 'The user on whose behalf the lookup is made.' },
  },
} as const;

/** Query string of the reverse route. */
export const reverseQuery = {
  type: 'object',
  required: ['exten'],
  properties: {
    exten: { type: 'string', maxLength: MAX_TERM_LENGTH, description: 'The number to look up, as received.' },
  },
} as const;

/** 200 answer of the reverse route: the matched contact, or nulls and `{}` when nothing matched. */
export const reverseResponse = {
  type: 'object',
  properties: {
    display: { type: ['string', 'null'], description: 'The `reverse` format column of the match.' },
    exten: { type: 'string' },
    fields: { type: 'object', additionalProperties: true, description: 'Every field of the match.' },
    source: { type: ['string', 'null'] },
    backend: { type: ['string', 'null'] },
  },
} as const;

/** 200 answer of the favorites and personal list routes: the lookup answer without `term`. */
export const listResponse = {
  type: 'object',
  properties: { ...headers, results: { type: 'array', items: lookupResult } },
} as const;

/** `{directory}` and `{contact}` in the favorites URLs. */
export const favoriteParams = {
  type: 'object',
  required: ['directory', 'contact'],
  properties: {
    directory: { type: 'string', description: 'The source name (`source` of a lookup result).' },
    contact: { type: 'string', description: "The contact's unique id (`relations.source_entry_id`)." },
  },
} as const;

/** A personal contact: attribute names to string values, with its `id`. */
export const personalContact = {
  type: 'object',
  additionalProperties: { type: 'string' },
  properties: { id: { type: 'string', description: 'Given by dird at creation.' } },
  description: 'Attribute names (ASCII) to string values; `id` is given by dird.',
} as const;

/** `{contact_id}` in the personal URLs. */
export const contactParams = {
  type: 'object',
  required: ['contact_id'],
  properties: { contact_id: { type: 'string', description: 'The id dird gave the contact.' } },
} as const;

/**
 * A route schema with its OpenAPI keys (`tags`, `summary`, `description`), read by the host's @fastify/swagger:
 * passed through as is (Fastify's own schema type does not list those keys).
 */
export function openApi<T extends object>(schema: T): T {
  return schema;
}
