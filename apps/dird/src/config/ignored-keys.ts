/**
 * Top-level keys of xivo-dird and wazo-dird configs that dird does not read, each with why: accepted without
 * a warning, so that a migrated config starts as it is. docs/migrating.md lists the same keys.
 */
export const IGNORED_KEYS: Readonly<Record<string, string>> = {
  bus: 'the event bus (AMQP): dird neither publishes nor consumes events',
  consul: 'where xivo-dird kept personal contacts and favorites: dird keeps them in its own store, named by db_uri',
  service_discovery: 'registration of the daemon in Consul: dird does not register itself',
  enabled: "a section's on/off switch in wazo-dird (bus.enabled, service_discovery.enabled); dird has no such switch",
  foreground: 'dird always runs in the foreground (the service manager runs it)',
  pid_filename: 'dird writes no pid file (systemd follows its main process)',
  user: 'dird does not switch users: the service manager starts it as that user (User= in the unit)',
};

/** Keys under `rest_api` that dird does not read, with why. */
export const IGNORED_REST_API_KEYS: Readonly<Record<string, string>> = {
  min_threads: "the HTTP worker pool of wazo-dird's web server: dird's server is not a thread pool",
  max_threads: "the HTTP worker pool of wazo-dird's web server: dird's server is not a thread pool",
  wsgi_socket:
    "the Unix socket xivo-dird's WSGI server listened on behind nginx: dird listens on rest_api.listen and port",
};

/**
 * Keys of the originals whose meaning lives elsewhere in dird: ignored with a warning that says where, since a
 * value silently dropped here would change answers.
 */
export const RENAMED_KEYS: Readonly<Record<string, string>> = {
  lookup_timeout:
    "xivo-dird 15.x's timeout of every lookup; in dird each profile has its own, services.lookup.<profile>.timeout (default 1 s)",
};
