import { column } from '@dird/core/testkit';

/**
 * A minimal config of the bundled plugins: one profile `default` with `sources` (their blocks keyed by name),
 * a display built from `columns`, and the lookup timeout.
 */
export function lookupConfig(options: {
  sources: Record<string, Record<string, unknown>>;
  columns?: ReturnType<typeof column>[];
  profileSources?: string[];
  timeout?: number;
  backends?: string[];
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    enabled_plugins: {
      backends: options.backends ?? ['csv'],
      services: ['lookup'],
      views: ['default_json', 'headers_view'],
    },
    views: {
      displays: {
        display: options.columns ?? [
          column('Firstname', 'firstname'),
          column('Lastname', 'lastname'),
          column('Number', 'number', 'number'),
        ],
      },
      profile_to_display: { default: 'display' },
    },
    services: {
      lookup: {
        default: { sources: options.profileSources ?? Object.keys(options.sources), timeout: options.timeout ?? 1 },
      },
    },
    sources: Object.fromEntries(Object.entries(options.sources).map(([name, block]) => [name, { name, ...block }])),
    ...options.extra,
  };
}
