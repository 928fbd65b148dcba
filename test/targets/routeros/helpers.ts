import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect } from 'vitest';
import type { RouterConfig } from '../../../src/config/types.js';
import type { Log } from '../../../src/core/logger.js';

export interface Transcript {
  id: string;
  kind: string;
  exchange: { dir: 'C>S' | 'S>C'; words: string[] }[];
  hex_computed?: { dir: 'C>S' | 'S>C'; hex: string }[];
  hex_captured?: Record<string, string>;
}

const FIXTURES = new URL('../../fixtures/routeros/', import.meta.url);

export const transcripts: Transcript[] = JSON.parse(
  readFileSync(new URL('api-transcripts.json', FIXTURES), 'utf8'),
).transcripts;

export function transcript(id: string): Transcript {
  const found = transcripts.find((t) => t.id === id);
  if (!found) throw new Error(`no transcript ${id}`);
  return found;
}

export const lengthVectors: { length: number; prefix_hex: string; prefix_bytes: number }[] =
  JSON.parse(readFileSync(new URL('length-encoding.json', FIXTURES), 'utf8')).vectors;

export function routerConfig(port: number, overrides: Partial<RouterConfig> = {}): RouterConfig {
  return {
    name: 'edge1',
    host: '127.0.0.1',
    port,
    tls: false,
    tls_insecure: false,
    username: 'banbridge',
    password: 's3cret-pw',
    address_list: 'Blocked address',
    address_list_v6: 'Blocked address',
    entry_mode: 'dynamic',
    pipeline_window: 16,
    command_timeout: '5s',
    connect_timeout: '3s',
    sync_interval: '10m',
    enabled: true,
    ...overrides,
  };
}

export const SIM_USER = { name: 'banbridge', password: 's3cret-pw' };

/** A logger that records, so tests can assert nothing leaked (e.g. passwords). */
export function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, meta?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  return {
    lines,
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
  };
}

/**
 * Fails the test if anything escapes as an unhandled rejection or uncaught exception
 * (node-routeros crashes this way on `!empty`, docs/routeros-notes.md §3.3-1).
 */
export function failOnUnhandled(): void {
  const escaped: unknown[] = [];
  const onEscape = (error: unknown): void => {
    escaped.push(error);
  };
  beforeEach(() => {
    escaped.length = 0;
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
  });
  afterEach(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.removeListener('unhandledRejection', onEscape);
    process.removeListener('uncaughtException', onEscape);
    expect(escaped).toEqual([]);
  });
}

export function hexWords(hex: string): Buffer {
  return Buffer.from(hex, 'hex');
}
