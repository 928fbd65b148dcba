import { isObject, type Json } from '../../core/json.js';
import { checkList, checkVersionedKeys, since, SYSTEM_STREAMS, type PackScope } from './scope.js';
import { checkValueRef } from './value-refs.js';

/**
 * Keys of graylog2-server `events/contentpack/entities/AggregationEventProcessorConfigEntity.java`
 * (builder; `conditions` is an Optional and may be left out, 5.0–HEAD) with the version each
 * appeared in.
 */
const AGGREGATION_FIELDS: Record<string, string | undefined> = {
  type: undefined,
  query: undefined,
  streams: undefined,
  group_by: undefined,
  series: undefined,
  conditions: undefined,
  search_within_ms: undefined,
  execute_every_ms: undefined,
  event_limit: '5.2.0',
  filters: '6.0.0',
  stream_categories: '6.1.0',
  use_cron_scheduling: '6.1.0',
  cron_expression: '6.1.0',
  cron_timezone: '6.1.0',
  query_parameters: '6.2.0',
};

/**
 * Series functions. 5.0–5.1: the `AggregationFunction` enum (`events/processor/aggregation/
 * AggregationFunction.java`), nine names, read from the `function` key. 5.2.0+: any views
 * `SeriesSpec` type (`plugins/views/search/searchtypes/pivot/series/*`), which adds `latest`,
 * `percentage` and `percentile`; `SeriesSpecEntity.Deserializer` still accepts `function`.
 */
const FUNCTIONS_5_0 = [
  'count',
  'card',
  'avg',
  'min',
  'max',
  'sum',
  'stddev',
  'sumofsquares',
  'variance',
];
const FUNCTIONS_5_2 = ['latest', 'percentage', 'percentile'];

function numberRefs(expression: unknown, out: string[] = []): string[] {
  if (!isObject(expression)) return out;
  if (expression['expr'] === 'number-ref' && typeof expression['ref'] === 'string')
    out.push(expression['ref']);
  for (const value of Object.values(expression)) numberRefs(value, out);
  return out;
}

/**
 * `config.streams`: pack-local stream ids or system stream ids ("Missing Stream for event
 * definition" otherwise). A stream_title id resolves only from 5.2.3
 * (`StreamReferenceFacade.resolveStreamEntity`, used by this class from 5.2.3).
 */
export function checkStreamRefs(scope: PackScope, field: string, streams: unknown[]): void {
  streams.forEach((stream, i) => {
    const at = `${field}[${i}]`;
    if (typeof stream !== 'string')
      return scope.report('plain-field', at, 'must be a plain string (a pack-local stream id)');
    if (scope.streamTitleIds.has(stream)) return since(scope, at, true, '5.2.3');
    if (!scope.streamIds.has(stream) && !SYSTEM_STREAMS.has(stream)) {
      scope.report(
        'missing-stream',
        at,
        `"${stream}" is neither a stream entity of this pack nor a system stream: the install fails ("Missing Stream for …")`,
      );
    }
  });
}

function checkSeries(scope: PackScope, config: Json): string[] {
  const seriesIds: string[] = [];
  checkList(scope, 'data.config.series', config['series']).forEach((series, i) => {
    const at = `data.config.series[${i}]`;
    if (!isObject(series)) return scope.report('series', at, 'must be an object');
    if (typeof series['id'] !== 'string')
      scope.report('series', `${at}.id`, 'is required (a plain string)');
    else seriesIds.push(series['id']);
    const key = 'type' in series && !('function' in series) ? 'type' : 'function';
    // The `type` form is only read by SeriesSpecEntity (5.2.0+).
    if (key === 'type') since(scope, `${at}.type`, true, '5.2.0');
    const name = series[key];
    if (typeof name === 'string' && FUNCTIONS_5_2.includes(name)) {
      since(scope, `${at}.${key}`, true, '5.2.0');
    } else if (typeof name !== 'string' || !FUNCTIONS_5_0.includes(name)) {
      scope.report(
        'series',
        `${at}.${key}`,
        `is required: one of ${FUNCTIONS_5_0.join(', ')} (5.2+: also ${FUNCTIONS_5_2.join(', ')})`,
      );
    }
  });
  return seriesIds;
}

export function checkAggregationConfig(scope: PackScope, config: Json): void {
  checkVersionedKeys(scope, 'data.config', config, AGGREGATION_FIELDS);
  checkValueRef(scope, 'data.config.query', config['query'], 'string');
  checkStreamRefs(
    scope,
    'data.config.streams',
    checkList(scope, 'data.config.streams', config['streams']),
  );
  checkList(scope, 'data.config.group_by', config['group_by']).forEach((name, i) => {
    if (typeof name !== 'string')
      scope.report('plain-field', `data.config.group_by[${i}]`, 'must be a plain string');
  });
  const seriesIds = checkSeries(scope, config);
  const conditions = config['conditions'];
  if (conditions !== undefined && conditions !== null && !isObject(conditions)) {
    scope.report('plain-field', 'data.config.conditions', 'must be {"expression": …} or absent');
  } else if (isObject(conditions)) {
    for (const ref of numberRefs(conditions['expression'])) {
      if (!seriesIds.includes(ref))
        scope.report(
          'condition-ref',
          'data.config.conditions.expression',
          `refers to series "${ref}", which data.config.series does not define`,
        );
    }
  }
  for (const key of ['search_within_ms', 'execute_every_ms']) {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      scope.report(
        'plain-field',
        `data.config.${key}`,
        'is required: a positive whole number of milliseconds (plain JSON, not a value reference)',
      );
    }
  }
}
