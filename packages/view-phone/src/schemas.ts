import { errorBodySchema } from '@dird/core';
import type { LookupQuery, PhoneVendor } from './vendor.js';

/** `{profile}` and `{xivo_user_uuid}` in every phone URL. */
export const phoneParams = {
  type: 'object',
  required: ['profile', 'xivo_user_uuid'],
  properties: {
    profile: { type: 'string', description: 'A phone profile of views.profile_to_display_phone.' },
    xivo_user_uuid: {
      type: 'string',
      description: "The user whose phone asks: the lookup searches this user's personal contacts too.",
    },
  },
} as const;

/** xivo-dird's query string of the phone lookups. */
export const standardLookupQuery = {
  type: 'object',
  required: ['term'],
  properties: {
    term: { type: 'string', description: 'Searched in every source of the profile; empty matches everything.' },
    limit: { type: 'integer', minimum: 0, description: "Entries per page (default: the vendor's)." },
    offset: { type: 'integer', minimum: 0, default: 0, description: 'Skip this many entries of the sorted list.' },
    xivo_user_uuid: { type: 'string', description: 'Ignored: the user is the one of the path.' },
  },
} as const;

/** Reads {@link standardLookupQuery}, once Fastify validated it. */
export function readStandardQuery(query: Record<string, unknown>): LookupQuery {
  return { term: query.term as string, limit: query.limit as number | undefined, offset: query.offset as number };
}

const errors = { 400: errorBodySchema, 404: errorBodySchema };

/** The OpenAPI description of a phone route: its parameters, its document, its errors. */
export function routeSchema(vendor: PhoneVendor, summary: string, querystring?: Record<string, unknown>) {
  return {
    summary,
    tags: ['phone directories', vendor.name],
    params: phoneParams,
    ...(querystring ? { querystring } : {}),
    response: {
      200: {
        description: `A ${vendor.name} directory document.`,
        content: { [vendor.contentType.split(';')[0]]: { schema: { type: 'string' } } },
      },
      ...errors,
    },
  };
}
