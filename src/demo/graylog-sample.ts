/**
 * A Graylog 6.x/7.x HTTP Notification (v1) body as an aggregation event definition of the
 * shipped content pack sends it (one notification per src_ip), for the demo.
 */
export function graylogSample(attacker: string, now = new Date()): Record<string, unknown> {
  const ts = now.toISOString();
  return {
    event_definition_id: '6760a1b2c3d4e5f601234567',
    event_definition_type: 'aggregation-v1',
    event_definition_title: 'banbridge: SSH authentication failures',
    event_definition_description: 'sshd failures per src_ip',
    job_definition_id: '6760a1b2c3d4e5f601234568',
    job_trigger_id: '6760a1ffc3d4e5f60123abcd',
    event: {
      id: '01JF3H5K7M9P1R3T5V7X9Z1B3D',
      event_definition_type: 'aggregation-v1',
      event_definition_id: '6760a1b2c3d4e5f601234567',
      origin_context: null,
      timestamp: ts,
      timestamp_processing: ts,
      timerange_start: ts,
      timerange_end: ts,
      streams: [],
      source_streams: ['6760a0000000000000000001'],
      message: `banbridge: SSH authentication failures: ${attacker} - count()=8.0`,
      source: 'graylog-node-1',
      key_tuple: [attacker],
      key: attacker,
      priority: 2,
      alert: true,
      fields: { src_ip: attacker },
      group_by_fields: { src_ip: attacker },
    },
    backlog: [
      {
        index: 'graylog_0',
        id: '0d6f7a80-cf2a-11ef-8a3e-0242ac120005',
        source: 'web02',
        message: `web02 sshd[7001]: Failed password for root from ${attacker} port 40022 ssh2`,
        timestamp: ts,
        stream_ids: ['6760a0000000000000000001'],
        fields: { src_ip: attacker, user: 'root', service: 'sshd' },
      },
    ],
  };
}
