import type { SourceResult, ViewLoadArgs } from '@dird/core';
import { requireAcl } from '@dird/core/fastify';
import type { LookupService } from '@dird/service-lookup/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { phoneEntries } from './entries.js';
import { messagesFor } from './i18n.js';
import { paginate } from './paging.js';
import type { PhoneDisplays } from './phone-displays.js';
import { readStandardQuery, routeSchema, standardLookupQuery } from './schemas.js';
import { nextStepUrl, withQuery, type PhoneStep } from './urls.js';
import type { InputDocument, PhoneVendor } from './vendor.js';

interface PhoneRequest {
  Params: { profile: string; xivo_user_uuid: string };
  Querystring: Record<string, unknown>;
}

/** What the phone routes use. */
export interface PhoneRouteDeps {
  readonly lookup: LookupService;
  readonly displays: PhoneDisplays;
  readonly contextOf: ViewLoadArgs<unknown, unknown, FastifyRequest>['contextOf'];
}

/** The URL of a phone route: `/0.1/directories/<step>/:profile/:xivo_user_uuid/<vendor>`. */
export function phoneUrl(step: PhoneStep, vendor: string): string {
  return `/0.1/directories/${step}/:profile/:xivo_user_uuid/${vendor}`;
}

/** The ACL a phone route needs (reference §7.1). */
function acl(step: PhoneStep) {
  return requireAcl(`dird.directories.${step}.{profile}.{xivo_user_uuid}.read`);
}

/** Registers `vendor`'s menu, input and lookup routes (those it has) on the view's scope. */
export function registerPhoneRoutes(app: FastifyInstance, vendor: PhoneVendor, deps: PhoneRouteDeps): void {
  const screen = (step: 'menu' | 'input', render: (doc: InputDocument) => string, summary: string) =>
    app.get<PhoneRequest>(
      phoneUrl(step, vendor.name),
      { schema: routeSchema(vendor, summary), config: acl(step) },
      async (request, reply) => {
        const { profile, xivo_user_uuid: userUuid } = request.params;
        deps.displays.get(profile);
        const base = nextStepUrl(request, step);
        const t = messagesFor(request.headers['accept-language']);
        const doc = render({ t, base, userUuid, url: withQuery(base, { xivo_user_uuid: userUuid }) });
        return reply.type(vendor.contentType).send(doc);
      },
    );
  if (vendor.menu) screen('menu', vendor.menu, `The ${vendor.name} phones' directory menu`);
  if (vendor.input) screen('input', vendor.input, `The ${vendor.name} phones' search screen`);
  registerLookup(app, vendor, deps);
}

function registerLookup(app: FastifyInstance, vendor: PhoneVendor, deps: PhoneRouteDeps): void {
  const query = vendor.query ?? { schema: standardLookupQuery, read: readStandardQuery };
  const schema = routeSchema(vendor, `Search a profile's sources from a ${vendor.name} phone`, query.schema);
  // Not an async handler: when the sources answer at once, so does the route (docs/benchmarks.md, finding 29).
  app.get<PhoneRequest>(phoneUrl('lookup', vendor.name), { schema, config: acl('lookup') }, (request, reply) => {
    const { profile, xivo_user_uuid: userUuid } = request.params;
    const display = deps.displays.get(profile);
    const { term, limit, offset } = query.read(request.query);
    // The lookup is made for the user of the URL: their personal contacts are searched (reference §8.5). It
    // is asked for every result (up to the profile's max_results): entries are cut into pages only once
    // sorted, and one contact may give several entries.
    const context = deps.contextOf(request, { userUuid });
    const { lookup } = deps;
    const results = lookup.lookupNow
      ? lookup.lookupNow(profile, term, { context })
      : lookup.lookup(profile, term, { context });
    const render = (found: SourceResult[]): string => {
      const page = paginate(phoneEntries(found, display), offset, limit ?? vendor.defaultLimit);
      let previousUrl: string | undefined;
      let nextUrl: string | undefined;
      if (vendor.pages && (page.previous !== undefined || page.next !== undefined)) {
        const base = nextStepUrl(request, 'lookup');
        const at = (n: number) => withQuery(base, { xivo_user_uuid: userUuid, term, limit: page.limit!, offset: n });
        previousUrl = page.previous === undefined ? undefined : at(page.previous);
        nextUrl = page.next === undefined ? undefined : at(page.next);
      }
      const t = messagesFor(request.headers['accept-language']);
      reply.type(vendor.contentType);
      return vendor.results({ t, page, previousUrl, nextUrl });
    };
    return results instanceof Promise ? results.then(render) : render(results);
  });
}
