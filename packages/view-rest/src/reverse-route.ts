import { fieldOf, jsonString, type SourceResult, type ViewLoadArgs } from '@dird/core';
import { requireAcl } from '@dird/core/fastify';
import type { ReverseService } from '@dird/service-reverse/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, JSON_TYPE, reverseParams, reverseQuery, reverseResponse } from './schemas.js';

interface ReverseRequest {
  Params: { profile: string; user_uuid: string };
  Querystring: { exten: string };
}

/** The URL of the reverse route. */
export const REVERSE_URL = '/0.1/directories/reverse/:profile/:user_uuid';

const reverseSchema = {
  summary: 'Whose number is this? (caller-name lookup)',
  description:
    'Asks the sources of services.reverse.{profile}; the first source in the profile order that matched by the deadline wins. ' +
    'No match answers 200 with nulls and empty fields.',
  tags: ['reverse'],
  params: reverseParams,
  querystring: reverseQuery,
  response: { 200: reverseResponse, ...errorResponses(400) },
};

/** `GET /0.1/directories/reverse/{profile}/{user_uuid}?exten=`: xivo-dird's answer, plus `backend`. */
export function registerReverseRoute(
  app: FastifyInstance,
  reverse: ReverseService,
  contextOf: ViewLoadArgs<unknown, unknown, FastifyRequest>['contextOf'],
): void {
  const config = requireAcl('dird.directories.reverse.{profile}.{user_uuid}.read');
  // Not an async handler: when the sources answer at once (CSV), so does the service, and the answer is sent in
  // the same turn, with no promise made (docs/benchmarks.md, finding 29).
  app.get<ReverseRequest>(REVERSE_URL, { schema: reverseSchema, config }, (request, reply) => {
    const { profile, user_uuid } = request.params;
    const { exten } = request.query;
    // xivo-dird asks the sources on behalf of the user in the URL (reference §2.2).
    const context = contextOf(request, { userUuid: user_uuid });
    const match = reverse.reverseNow
      ? reverse.reverseNow(profile, exten, { context })
      : reverse.reverse(profile, exten, { context });
    return match instanceof Promise ? match.then((m) => answer(reply, exten, m)) : answer(reply, exten, match);
  });
}

/** The reverse answer of `match` for `exten`: text when the source writes its fields, else an object. */
function answer(reply: FastifyReply, exten: string, match: SourceResult | null): string | ReverseAnswer {
  reply.header('content-type', JSON_TYPE);
  if (match?.fieldsJson !== undefined) {
    // Written as text, with the match's fields as the source writes them (a CSV row's, from its values without
    // a record: docs/benchmarks.md, finding 26). Fastify sends a string of a JSON type as it is.
    const display = fieldOf(match, 'reverse');
    return (
      `{"display":${display === undefined || display === null ? 'null' : jsonString(String(display))},` +
      `"exten":${jsonString(exten)},"fields":${match.fieldsJson()},` +
      `"source":${jsonString(match.source)},"backend":${jsonString(match.backend)}}`
    );
  }
  // Built with exactly the keys of the response schema; `fields` is free-form there, which the
  // schema-compiled serializer handles value by value: one JSON.stringify is faster (docs/benchmarks.md).
  reply.serializer(JSON.stringify);
  if (!match) return { display: null, exten, fields: {}, source: null, backend: null };
  const display = match.fields.reverse;
  return {
    display: display === undefined || display === null ? null : String(display),
    exten,
    fields: match.fields,
    source: match.source,
    backend: match.backend,
  };
}

/** A reverse answer as an object (xivo-dird's keys, plus `backend`). */
interface ReverseAnswer {
  readonly display: string | null;
  readonly exten: string;
  readonly fields: Record<string, unknown>;
  readonly source: string | null;
  readonly backend: string | null;
}
