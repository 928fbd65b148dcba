/**
 * Regenerates the shipped packs from src/content-pack (the source of truth):
 *   npx tsx test/content-pack/write-shipped-packs.ts
 * content-pack.test.ts fails when a shipped file differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { shippedPackV1, shippedPackV2 } from '../../src/content-pack/index.js';

export const SHIPPED_PACKS = {
  'banbridge.json': shippedPackV1,
  'banbridge-v2-graylog6.json': shippedPackV2,
};

export const packText = (pack: unknown): string => `${JSON.stringify(pack, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, build] of Object.entries(SHIPPED_PACKS)) {
    writeFileSync(
      new URL(`../../graylog-content-pack/${file}`, import.meta.url),
      packText(build()),
    );
    console.log(`wrote graylog-content-pack/${file}`);
  }
}
