import type { BanRequest } from '../../core/ban-request.js';

/** The report fields of the shipped action (fail2ban/action.d/banbridge.conf), validated. */
export interface Fail2banFields {
  /** fail2ban's `<ip>`, trimmed; policy parses and judges it. */
  ip: string;
  /** fail2ban's `<name>` (the jail). */
  jail: string;
  /** The reporting server (`<fq-hostname>` by default); absent when not sent. */
  host: string | undefined;
  /** fail2ban's `<bantime>` in seconds; absent when not sent or permanent. */
  bantimeSeconds: number | undefined;
  /** `bantime` was negative: fail2ban's permanent ban. */
  permanent: boolean;
  /** fail2ban's `<failures>` (0 for a manual `banip`). */
  failures: number | undefined;
  /** fail2ban's `<restored>`: a ban restored from its database after a restart. */
  restored: boolean;
  /**
   * Unban only: fail2ban's own ban time is over (the action found `<time>` + `<bantime>` past
   * when it queued the unban), as opposed to an `unbanip`. Absent: 0 (older actions).
   */
  expired: boolean;
}

/** Audit detail of one fail2ban report (ReportSource.detail). */
export interface Fail2banDetail {
  jail: string;
  host?: string;
  /** Seconds as fail2ban sent them; -1 style values are reported as `permanent`. */
  bantime?: number;
  permanent?: true;
  failures?: number;
  restored: boolean;
}

/** What `POST /v1/fail2ban/ban` makes of one body. */
export interface Fail2banBanReport {
  /** Exactly one request: fail2ban reports one address per action call. */
  requests: BanRequest[];
  /** `jail@host`, or the jail alone when no host was sent (ReportSource.via). */
  via: string;
  detail: Fail2banDetail;
}

/** What `POST /v1/fail2ban/unban` makes of one body. */
export interface Fail2banUnbanReport {
  ip: string;
  /** `jail@host`, or the jail alone: the claim to lift is this source's. */
  via: string;
  /** fail2ban's own ban time is over: banbridge's ban keeps its end (withdraw ownTimeOver). */
  expired: boolean;
  detail: { jail: string; host?: string };
}
