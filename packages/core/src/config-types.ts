/** One column of a display (`views.displays.<name>[i]`). Every key is optional. */
export interface DisplayColumn {
  title?: string | null;
  type?: string | null;
  default?: unknown;
  field?: string | null;
}

/** The `views` section of the config. */
export interface ViewsConfig {
  displays?: Record<string, DisplayColumn[] | null>;
  profile_to_display?: Record<string, string>;
  [key: string]: unknown;
}

/** A source block: `name` and `type` plus the backend's own keys. */
export interface SourceConfig {
  name: string;
  type: string;
  searched_columns?: string[];
  first_matched_columns?: string[];
  format_columns?: Record<string, string>;
  unique_column?: string;
  [key: string]: unknown;
}

/** The whole merged configuration, as plugins see it. */
export interface DirdConfig {
  config_file?: string;
  extra_config_files?: string;
  source_config_dir?: string;
  plugin_paths?: string[];
  log_level?: string;
  enabled_plugins: { backends: string[]; services: string[]; views: string[] };
  sources: Record<string, SourceConfig>;
  services: Record<string, unknown>;
  views: ViewsConfig;
  rest_api: { listen: string; port: number; [key: string]: unknown };
  [key: string]: unknown;
}
