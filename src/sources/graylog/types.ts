import type { BanRequest } from '../../core/ban-request.js';

/** Which body shape a notification arrived in (see read-notification.ts). */
export type GraylogBodyShape =
  /** The notification model JSON: every v1 body, a v2 body with an empty template, or a v2
   *  body rendered from banbridge's recommended template (which mirrors the model). */
  | 'notification-model'
  /** A v2 body rendered from the JSON template Graylog's UI pre-fills (6.0.0–HEAD). */
  | 'default-v2-template';

/** One message summary from the notification's backlog. */
export interface GraylogBacklogMessage {
  message: string;
  /** Message fields with their original JSON types (MessageSummary.fields). */
  fields: Readonly<Record<string, unknown>>;
}

/**
 * A notification body reduced to what banbridge uses, whatever shape it came in.
 * Field names follow Graylog's EventNotificationModelData / EventDto.
 */
export interface GraylogNotification {
  shape: GraylogBodyShape;
  eventDefinitionId: string;
  eventDefinitionType: string | undefined;
  eventDefinitionTitle: string;
  jobDefinitionId: string | undefined;
  jobTriggerId: string | undefined;
  eventId: string;
  timestamp: string | undefined;
  priority: number | undefined;
  message: string | undefined;
  originContext: string | undefined;
  /** The Graylog node that created the event: never the attacker. */
  graylogNode: string | undefined;
  fields: Readonly<Record<string, string>>;
  groupByFields: Readonly<Record<string, string>>;
  keyTuple: readonly string[];
  key: string | undefined;
  backlog: readonly GraylogBacklogMessage[];
}

/** What the adapter makes of one notification body. */
export type GraylogReport =
  | {
      /** The UI's "Execute test notification" (or an event without a definition): ban nothing. */
      kind: 'test';
      detail: Record<string, unknown>;
    }
  | {
      kind: 'event';
      /** One request per distinct address found, at most `max_addresses`. */
      requests: BanRequest[];
      /** The event definition title (ReportSource.via). */
      via: string;
      /** Audit detail: definition id and title, event id, priority, timestamp, message, … */
      detail: Record<string, unknown>;
      /** Distinct addresses found beyond `max_addresses` and left out. */
      truncated: number;
    };
