import type { Json } from '../../core/json.js';

/** Keys of graylog2-server `contentpacks/model/ContentPackV1.java` (5.0–HEAD). */
const ENVELOPE_FIELDS = [
  'v',
  'id',
  'rev',
  'name',
  'summary',
  'description',
  'vendor',
  'url',
  'parameters',
  'entities',
  'created_at',
  'server_version',
];

export type Report = (rule: string, field: string, message: string) => void;

/**
 * What the upload (`ContentPackResource.createContentPack`) deserializes: ContentPackV1 through
 * its AutoValue builder. Unknown keys fail (FAIL_ON_UNKNOWN_PROPERTIES stays on); `v` selects
 * the class (`ContentPack` @JsonTypeInfo, missing → LegacyContentPack); name, summary,
 * description, vendor, url (a java.net.URI) and entities are required; `parameters` defaults
 * to an empty set (`ContentPackV1.Builder.create`, 5.0–HEAD); created_at/server_version are
 * filled in by the server.
 */
export function checkEnvelope(pack: Json, report: Report): void {
  for (const key of Object.keys(pack)) {
    if (!ENVELOPE_FIELDS.includes(key))
      report(
        'unknown-property',
        key,
        'unknown top-level property: the upload fails (UnrecognizedPropertyException)',
      );
  }
  // Exports from 5.1.4 and 4.3.15 write `"v": 1`; Jackson reads it into the version as well.
  if (pack['v'] !== '1' && pack['v'] !== 1)
    report(
      'envelope',
      'v',
      'is required and must be "1" (without it Graylog treats the pack as legacy and fails)',
    );
  if (typeof pack['id'] !== 'string' || pack['id'].trim() === '')
    report('envelope', 'id', 'is required: a non-blank string (a UUID by convention)');
  if (!Number.isInteger(pack['rev'])) report('envelope', 'rev', 'is required: an integer revision');
  for (const key of ['name', 'summary', 'description', 'vendor', 'url']) {
    if (typeof pack[key] !== 'string')
      report('envelope', key, 'is required: a string ("" is accepted)');
  }
  if (typeof pack['url'] === 'string' && pack['url'] !== '' && !URL.canParse(pack['url'])) {
    report('envelope', 'url', 'must be a URI or ""');
  }
  if (!Array.isArray(pack['entities'])) report('envelope', 'entities', 'is required: a list');
  if (pack['parameters'] !== undefined && !Array.isArray(pack['parameters']))
    report('envelope', 'parameters', 'must be a list when present (absent means none)');
}
