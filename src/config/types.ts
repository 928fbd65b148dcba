/**
 * The validated, defaulted and frozen configuration, in the YAML's own snake_case shape
 * (the JSON Schema in schema.ts is the single source of truth for shape and defaults).
 * Secrets given as `x_env` / `x_file` are resolved into `x` before anything sees them.
 * Durations stay as text (`10m`); the module that uses one parses it with parseDuration.
 */
export interface RouterConfig {
  name: string;
  host: string;
  /** Default 8728, or 8729 when tls is true. */
  port: number;
  tls: boolean;
  /** PEM CA bundle to verify the router's certificate against. */
  ca_file?: string;
  /** SHA-256 fingerprint of the router's certificate (hex, colons optional): pinning. */
  fingerprint?: string;
  /** Skip certificate verification; only when the operator sets it explicitly. */
  tls_insecure: boolean;
  username: string;
  password: string;
  address_list: string;
  address_list_v6: string;
  /** `dynamic`: entries carry a timeout; `static`: no timeout, removed when the ban ends. */
  entry_mode: 'dynamic' | 'static';
  /** Commands in flight on one connection (tagged, pipelined). */
  pipeline_window: number;
  command_timeout: string;
  connect_timeout: string;
  sync_interval: string;
  /** Skip this router without removing it from the config. */
  enabled: boolean;
}

export interface UserConfig {
  name: string;
  role: 'reporter' | 'admin';
  password?: string;
  token?: string;
}

export interface PolicyConfig {
  allowlist: string[];
  allowlist_refresh: string;
  ban_time: string;
  ipv6_prefix: number;
  max_ban_time: string;
  escalation: {
    enabled: boolean;
    factor: number;
    window: string;
    permanent_after: number;
  };
  max_new_bans_per_minute: number;
  max_active_bans: number;
  min_cidr_v4: number;
  min_cidr_v6: number;
}

export interface GraylogSourceConfig {
  ip_fields: string[];
  scan_message_text: boolean;
  max_addresses: number;
  overrides: { match: string; ban_time?: string; report_only?: boolean }[];
}

export interface Config {
  listen: {
    host: string;
    port: number;
    tls?: { cert_file: string; key_file: string };
    body_limit: string;
    /** Which X-Forwarded-For hops to believe (express `trust proxy`). */
    trust_proxy: boolean | number | string[];
  };
  log: { level: 'error' | 'warn' | 'info' | 'debug'; format: 'auto' | 'json' | 'pretty' };
  users: UserConfig[];
  /** After loading, exactly one of path (SQLite) and url (PostgreSQL) is set. */
  store: { path?: string; url?: string; audit_retention: string };
  routers: RouterConfig[];
  policy: PolicyConfig;
  sources: { graylog: GraylogSourceConfig };
  metrics: { public: boolean };
  worker: {
    retry_base: string;
    retry_max: string;
    max_attempts: number;
    refresh_below: string;
    removal_guard: { enabled: boolean; max_share: number; min_owned: number };
  };
}
