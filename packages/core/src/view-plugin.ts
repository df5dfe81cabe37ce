import type { TSchema } from '@sinclair/typebox';
import type { ViewsConfig } from './config-types.js';
import type { PluginLoadArgs } from './plugin-args.js';
import type { Identity, RequestContext } from './request-context.js';
import type { ServiceRef } from './service-ref.js';

/**
 * What a view gets in `load`: the `views` section as `config`, its own HTTP scope, and the request context of
 * each request. `App` is the HTTP scope's type and `Req` a request's (Fastify for the bundled views).
 */
export interface ViewLoadArgs<C = ViewsConfig, App = unknown, Req = unknown> extends PluginLoadArgs<C> {
  /**
   * The view's own encapsulated Fastify context (registered with `app.register`): its hooks, error handler and
   * `onClose` hooks are its own. Every route must say what it needs in its `config` ({@link requireAcl} or
   * {@link publicRoute}); the host refuses a route that does not.
   */
  readonly app: App;
  /**
   * The context of a request: its identity, deadline and abort signal, to pass to the services. Given `actingFor`
   * (the user a reverse or phone URL names), the context is made for that user instead.
   */
  contextOf(request: Req, actingFor?: Partial<Identity>): RequestContext;
}

/** A view: `load` registers routes on its HTTP scope. */
export abstract class BaseViewPlugin<C = ViewsConfig, App = unknown, Req = unknown> {
  /** Brand the registry checks instead of duck typing. */
  static readonly pluginKind = 'view';
  /**
   * JSON Schema (TypeBox) of the keys of the `views` section this view reads (the views share the section, as
   * in xivo-dird). Declare the keys only: keys no loaded view declares are warned about by the host.
   */
  static readonly configSchema?: TSchema;
  /** The services this view calls (optional ones when a route is left out without them). */
  static readonly needs: readonly ServiceRef<unknown>[] = [];

  /** Registers the view's routes. */
  abstract load(args: ViewLoadArgs<C, App, Req>): Promise<void> | void;

  /** Releases what `load` opened that no `onClose` hook of its scope releases. */
  unload(): Promise<void> | void {}
}
