/** banbridge's Graylog content pack: the shipped packs, rendering for one URL, checking any pack. */
export {
  buildContentPack,
  MIN_VERSION,
  PACK_LOCAL_IDS,
  type BuildPackOptions,
  type Thresholds,
} from './build-pack.js';
export { INPUT_FIELD, MIKROTIK, SERVERS } from './routing.js';
export { SYSLOG_INPUT_TYPES } from './syslog-input.js';
export { renderContentPack, type RenderOptions } from './render.js';
export {
  shippedPackV1,
  shippedPackV2,
  DEFAULT_PORTS,
  DEFAULT_THRESHOLDS,
} from './shipped-packs.js';
export { checkContentPack, type CheckResult } from './check/check-pack.js';
export { formatProblem, type PackProblem } from './check/problem.js';
export { MIKROTIK_EXTRACTORS, SSHD_EXTRACTORS, type ExtractorSpec } from './extractors.js';
