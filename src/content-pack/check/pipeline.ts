import type { Json } from '../../core/json.js';
import { checkStreamRefs } from './aggregation-config.js';
import { checkList, type PackScope } from './scope.js';
import { checkKnownKeys, checkValueRef } from './value-refs.js';

/**
 * `pipeline_rule` entities: graylog2-server `contentpacks/model/entities/PipelineRuleEntity.java`
 * (title, source required; description @Nullable; 5.0–HEAD).
 */
export function checkPipelineRule(scope: PackScope, data: Json): void {
  checkKnownKeys(scope, 'data', data, ['title', 'description', 'source']);
  checkValueRef(scope, 'data.title', data['title'], 'string');
  checkValueRef(scope, 'data.description', data['description'], 'string', { required: false });
  checkValueRef(scope, 'data.source', data['source'], 'string', { nonEmpty: true });
}

/**
 * `pipeline` entities: `PipelineEntity.java` (the rule's keys plus `connected_streams`, a list of
 * ValueReferences naming stream entities or system streams; `PipelineFacade`, 5.0–HEAD).
 */
export function checkPipeline(scope: PackScope, data: Json): void {
  checkKnownKeys(scope, 'data', data, ['title', 'description', 'source', 'connected_streams']);
  checkValueRef(scope, 'data.title', data['title'], 'string');
  checkValueRef(scope, 'data.description', data['description'], 'string', { required: false });
  checkValueRef(scope, 'data.source', data['source'], 'string', { nonEmpty: true });
  const ids = checkList(scope, 'data.connected_streams', data['connected_streams']).map(
    (ref, i) => checkValueRef(scope, `data.connected_streams[${i}]`, ref, 'string') ?? '',
  );
  checkStreamRefs(scope, 'data.connected_streams', ids);
}
