/** What a source adapter produces from one detector report, before any policy is applied. */
export interface BanRequest {
  /** The address or CIDR exactly as the detector sent it; policy parses and judges it. */
  ip: string;
  /** Short human text: why this address is reported. */
  reason?: string;
  /** Duration the detector asked for, in milliseconds; policy may escalate or cap it. */
  durationMs?: number;
  /** The detector asks for a ban without end (fail2ban `bantime = -1`). */
  permanent?: boolean;
  /** Record and answer, but never ban (per-event-definition "report only"). */
  reportOnly?: boolean;
  /** fail2ban re-announcing a ban it restored after its own restart: not a new offence. */
  restored?: boolean;
  /** Free evidence text kept in the audit trail (log line, message). */
  evidence?: string;
}

/** Who reported and through which detector; the same for every request of one report. */
export interface ReportSource {
  /** The credential name: a credential's name is the source of what it reports. */
  credential: string;
  /** 'api' | 'graylog' | 'fail2ban' | 'cli' | 'import' */
  detector: string;
  /** Sub-source such as the fail2ban jail and host, or the Graylog event definition. */
  via?: string;
  /**
   * The claim this report holds on the ban (default: the credential name). fail2ban claims
   * per jail and host (`web01-f2b/sshd@web01`) so that its unban lifts only that claim.
   */
  claim?: string;
  /** Structured detector detail for the audit trail (event ids, jail, host, priority …). */
  detail?: Record<string, unknown>;
}
