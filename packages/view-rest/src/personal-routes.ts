import type { RequestContext } from '@dird/core';
import { requireAcl } from '@dird/core/fastify';
import type { PersonalService } from '@dird/service-personal/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contactsCsv } from './personal-csv.js';
import { CONTACT_BODY_LIMIT, contactBody, IMPORT_BODY_LIMIT, importText } from './request-body.js';
import { contactParams, errorResponses, openApi, personalContact } from './schemas.js';
import { requireUser } from './user.js';

/** The URL of the user's contacts. */
export const PERSONAL_URL = '/0.1/personal';
/** The URL of one contact. */
export const CONTACT_URL = '/0.1/personal/:contact_id';
/** The URL of the CSV import. */
export const IMPORT_URL = '/0.1/personal/import';

const tags = ['personal'];
const contactBodySchema = { ...personalContact, description: 'The contact: attribute names (ASCII) to string values.' };
const importFailure = {
  type: 'object',
  properties: { line: { type: 'integer' }, errors: { type: 'array', items: { type: 'string' } } },
};
type One = { Params: { contact_id: string } };
type Context = (request: FastifyRequest) => RequestContext;

/** The `/0.1/personal` routes of xivo-dird's `personal_view`, for the user of the token. */
export function registerPersonalRoutes(app: FastifyInstance, personal: PersonalService, contextOf: Context): void {
  const user = (request: FastifyRequest) => ({ context: requireUser(contextOf(request)) });

  app.get<{ Querystring: { format?: string } }>(
    PERSONAL_URL,
    {
      schema: openApi({
        tags,
        summary: "The user's personal contacts, as JSON or CSV",
        description:
          "CSV (text/csv) when the request's Content-Type is text/csv, or, without a Content-Type, when format=text/csv: " +
          'header = the sorted attribute names, CRLF line ends; 204 when there is no contact.',
        querystring: { type: 'object', properties: { format: { type: 'string', description: 'text/csv for CSV.' } } },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: personalContact } },
          },
          204: { type: 'null', description: 'CSV asked for, and no contact.' },
          ...errorResponses(401, 503),
        },
      }),
      config: requireAcl('dird.personal.read'),
    },
    async (request, reply) => {
      const contacts = await personal.list(user(request));
      if (!wantsCsv(request)) return { items: contacts };
      if (contacts.length === 0) return reply.code(204).send();
      return reply.type('text/csv; charset=utf-8').send(contactsCsv(contacts));
    },
  );

  app.post(
    PERSONAL_URL,
    {
      bodyLimit: CONTACT_BODY_LIMIT,
      schema: openApi({
        tags,
        summary: 'Create a personal contact',
        body: contactBodySchema,
        response: { 201: personalContact, ...errorResponses(400, 401, 413, 415, 503) },
      }),
      config: requireAcl('dird.personal.create'),
    },
    async (request, reply) => {
      const created = await personal.create(contactBody(request), user(request));
      return reply.code(201).send(created);
    },
  );

  app.delete(
    PERSONAL_URL,
    {
      schema: openApi({
        tags,
        summary: 'Delete every personal contact of the user',
        response: { 204: { type: 'null' } },
      }),
      config: requireAcl('dird.personal.delete'),
    },
    async (request, reply) => {
      await personal.purge(user(request));
      return reply.code(204).send();
    },
  );

  app.post(
    IMPORT_URL,
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: openApi({
        tags,
        summary: 'Import personal contacts from CSV',
        description:
          'Body: CSV (Content-Type: text/csv; charset=…, UTF-8 by default), header first. The valid lines are created; ' +
          'the others are reported by line. 400 when nothing is created.',
        response: {
          201: {
            type: 'object',
            properties: {
              created: { type: 'array', items: personalContact },
              failed: { type: 'array', items: importFailure },
            },
          },
          ...errorResponses(400, 401, 413, 415, 503),
        },
      }),
      config: requireAcl('dird.personal.import.create'),
    },
    async (request, reply) => {
      const options = user(request);
      const report = await personal.importCsv(importText(request), options);
      return reply.code(201).send(report);
    },
  );

  app.get<One>(
    CONTACT_URL,
    {
      schema: openApi({
        tags,
        summary: 'One personal contact',
        params: contactParams,
        response: { 200: personalContact, ...errorResponses(401, 404, 503) },
      }),
      config: requireAcl('dird.personal.{contact_id}.read'),
    },
    async (request) => personal.get(request.params.contact_id, user(request)),
  );

  app.put<One>(
    CONTACT_URL,
    {
      bodyLimit: CONTACT_BODY_LIMIT,
      schema: openApi({
        tags,
        summary: 'Replace a personal contact whole (its id is kept)',
        params: contactParams,
        body: contactBodySchema,
        response: { 200: personalContact, ...errorResponses(400, 401, 404, 413, 415, 503) },
      }),
      config: requireAcl('dird.personal.{contact_id}.update'),
    },
    async (request) => personal.replace(request.params.contact_id, contactBody(request), user(request)),
  );

  app.delete<One>(
    CONTACT_URL,
    {
      schema: openApi({
        tags,
        summary: 'Delete a personal contact',
        params: contactParams,
        response: { 204: { type: 'null' }, ...errorResponses(401, 404, 503) },
      }),
      config: requireAcl('dird.personal.{contact_id}.delete'),
    },
    async (request, reply: FastifyReply) => {
      await personal.remove(request.params.contact_id, user(request));
      return reply.code(204).send();
    },
  );
}

/** xivo-dird's choice: the request's Content-Type when it has one, else the `format` query parameter. */
function wantsCsv(request: FastifyRequest<{ Querystring: { format?: string } }>): boolean {
  const contentType = request.headers['content-type'];
  const mime = contentType !== undefined && contentType.trim() !== '' ? contentType : request.query.format;
  return (mime ?? '').split(';')[0].trim().toLowerCase() === 'text/csv';
}
