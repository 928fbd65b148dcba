import type { GraylogNotification } from './types.js';

/**
 * Markers of the UI's "Execute test notification" (graylog2-server `events/notifications/
 * NotificationTestData.getDummyContext`, 5.0.0–HEAD; Graylog 3.x documentation example):
 * - event_definition_type `test-dummy-v1` (3.1–HEAD);
 * - event_definition_id `NotificationTestId` (4.x+) or `this-is-a-test-notification` (3.x docs);
 * - event.id `NotificationTestId` (3.x) or `TEST_NOTIFICATION_ID` (4.1+);
 * - job_definition_id / job_trigger_id `<unknown>`: a test runs outside the scheduler.
 * An event_definition_id of `<unknown>` means the definition no longer exists; nothing can be
 * attributed to it, so it is treated like a test too: answered, logged, nothing banned.
 */
const TEST_DEFINITION_IDS = new Set([
  'NotificationTestId',
  'this-is-a-test-notification',
  '<unknown>',
]);
const TEST_EVENT_IDS = new Set(['NotificationTestId', 'TEST_NOTIFICATION_ID']);
const UNKNOWN = '<unknown>';

/** The marker that makes this a test notification, or undefined for a real event. */
export function testNotificationMarker(notification: GraylogNotification): string | undefined {
  if (notification.eventDefinitionType === 'test-dummy-v1') {
    return 'event_definition_type=test-dummy-v1';
  }
  if (TEST_DEFINITION_IDS.has(notification.eventDefinitionId)) {
    return `event_definition_id=${notification.eventDefinitionId}`;
  }
  if (TEST_EVENT_IDS.has(notification.eventId)) return `event.id=${notification.eventId}`;
  if (notification.jobDefinitionId === UNKNOWN && notification.jobTriggerId === UNKNOWN) {
    return 'job_definition_id=<unknown>';
  }
  return undefined;
}
