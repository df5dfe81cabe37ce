import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CsvSourcePlugin } from '@dird/backend-csv';
import { PersonalSourcePlugin } from '@dird/backend-personal';
import {
  type BaseSourcePlugin,
  checkBlock,
  errorBody,
  HttpError,
  RequestContext,
  servicesFor,
  type BaseViewPlugin,
  type ServiceRef,
  type TSchema,
} from '@dird/core';
import { column, csv, loadArgs, memoryLogger, viewLoadArgs } from '@dird/core/testkit';
import { FavoritesServicePlugin } from '@dird/service-favorites';
import { LookupServicePlugin } from '@dird/service-lookup';
import { PersonalServicePlugin } from '@dird/service-personal';
import { openUserStore, UserStoreConfigSchema, type ManagedUserStore } from '@dird/service-user-store';
import fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { DefaultJsonViewPlugin, PersonalViewPlugin } from '../src/index.js';

/** The header a test request names its user in (the test's stand-in for a token). */
export const USER_HEADER = 'x-test-user';

/** The JSON views with the real services, on a real SQLite store in a temp folder. */
export interface Harness {
  readonly app: FastifyInstance;
  readonly store: ManagedUserStore;
  readonly dir: string;
  readonly logger: ReturnType<typeof memoryLogger>;
  close(): Promise<void>;
}

/** The company phone book: a csv source whose unique column is `id`. */
export const PHONEBOOK = csv(
  ['id', 'firstname', 'lastname', 'number'],
  [
    ['1', 'Alice', 'Martin', '1001'],
    ['2', 'Alan', 'Turing', '1002'],
    ['3', 'Bob', 'Morane', '1003'],
  ],
);

const VIEWS = {
  displays: {
    display: [
      column('Name', 'name', 'name'),
      column('Number', 'number', 'number', { default: 'none' }),
      column('Favorite', 'favorite', 'favorite'),
      column('Personal', 'personal', 'personal'),
    ],
    no_flags: [column('Name', 'name', 'name')],
  },
  profile_to_display: { default: 'display', plain: 'no_flags' },
};

async function source<T extends BaseSourcePlugin>(
  plugin: T,
  block: Record<string, unknown>,
  services = {},
): Promise<T> {
  const { value, problems } = checkBlock(
    (plugin.constructor as unknown as { configSchema: TSchema }).configSchema,
    block,
  );
  if (problems.length > 0) throw new Error(JSON.stringify(problems));
  plugin.name = String(block.name);
  plugin.backend = String(block.type);
  await plugin.load(loadArgs(value as never, { services }));
  return plugin;
}

/** The host's error handling, reduced to what the views rely on: every error in the common shape. */
function commonErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, _request, reply) => {
    if (error instanceof HttpError)
      return reply.code(error.statusCode).send(errorBody(error.statusCode, error.reasons));
    const status = (error as FastifyError).statusCode ?? 500;
    return reply.code(status).send(errorBody(status, [error.message]));
  });
}

/** Starts the harness: a csv source, a personal source, the lookup, favorites and personal services, the views. */
export async function startHarness(): Promise<Harness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-views-'));
  const logger = memoryLogger();
  await writeFile(path.join(dir, 'phonebook.csv'), PHONEBOOK);
  const storeConfig = checkBlock(UserStoreConfigSchema, { retry_interval: 0.1 }).value as never;
  const store = await openUserStore({ dbUri: 'sqlite:///data/dird.sqlite', baseDir: dir, config: storeConfig, logger });
  const phonebook = await source(new CsvSourcePlugin(), {
    name: 'phonebook',
    type: 'csv',
    file: path.join(dir, 'phonebook.csv'),
    unique_column: 'id',
    searched_columns: ['firstname', 'lastname'],
    first_matched_columns: ['number'],
    format_columns: { name: '{firstname} {lastname}' },
    reload_interval: 0,
  });
  const personal = await source(
    new PersonalSourcePlugin(),
    {
      name: 'personal',
      type: 'personal',
      searched_columns: ['firstname', 'lastname', 'company'],
      first_matched_columns: ['number', 'mobile'],
      format_columns: { name: '{firstname} {lastname}' },
    },
    { user_store: store },
  );
  const sources = new Map<string, BaseSourcePlugin>([
    ['phonebook', phonebook],
    ['personal', personal],
  ]);
  const profile = { sources: ['phonebook', 'personal'], timeout: 1 };
  const services = {
    lookup: new LookupServicePlugin().load({
      ...loadArgs(checkBlock(LookupServicePlugin.configSchema!, { default: profile, plain: profile }).value as never),
      sources,
    }),
    favorites: new FavoritesServicePlugin().load({
      ...loadArgs(checkBlock(FavoritesServicePlugin.configSchema!, { default: profile }).value as never, {
        services: { user_store: store },
      }),
      sources,
    }),
    personal: new PersonalServicePlugin().load({
      ...loadArgs(checkBlock(PersonalServicePlugin.configSchema!, {}).value as never, {
        services: { user_store: store },
      }),
      sources,
    }),
  };
  const app = fastify({ ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } } });
  commonErrors(app);
  const contextOf = (request: FastifyRequest) => {
    const user = request.headers[USER_HEADER];
    return new RequestContext({ identity: { userUuid: typeof user === 'string' ? user : null } });
  };
  for (const view of [new DefaultJsonViewPlugin(), new PersonalViewPlugin()] as BaseViewPlugin<
    unknown,
    FastifyInstance,
    FastifyRequest
  >[]) {
    await app.register(async (scope) => {
      const cls = view.constructor as unknown as { configSchema: TSchema; needs: readonly ServiceRef<unknown>[] };
      const args = viewLoadArgs(checkBlock(cls.configSchema, VIEWS).value, scope, { logger });
      // As the host does: the view gets the services it declared, optional ones absent when not loaded.
      const declared = servicesFor('view', cls.needs, new Map(Object.entries(services)));
      await view.load({ ...args, services: declared, contextOf });
    });
  }
  await app.ready();
  return {
    app,
    store,
    dir,
    logger,
    async close() {
      await app.close();
      await store.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
