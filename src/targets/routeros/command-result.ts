import type { Trap } from './reply.js';

/** Attributes of one `!re` row (or of `!done`), decoded to text. */
export type Row = Map<string, string>;

/** What a command produced once its `!done` arrived. Traps are data here, not exceptions. */
export interface CommandResult {
  /** Rows, unless the caller streamed them through `onRow`. */
  rows: Row[];
  /** Attributes carried by `!done` (e.g. `ret` after `add`). */
  done: Row;
  /** Every `!trap` the command produced (an unknown menu gives two, docs/routeros-notes.md §1.4). */
  traps: Trap[];
  /** Whether the router sent `!empty` (RouterOS 7.18+ for zero-row prints, docs/routeros-notes.md §1.5). */
  empty: boolean;
}

export interface CommandOptions {
  /** Receive rows one by one instead of collecting them (large prints). */
  onRow?: (row: Row) => void;
  /** Idle timeout: the longest wait for the next reply of this command. */
  timeoutMs?: number;
  /** Overall deadline from the moment the command is sent, however often rows arrive. */
  deadlineMs?: number;
  /** Most `!re` rows accepted (a router streaming rows forever); more is ROUTER_PROTOCOL. */
  maxRows?: number;
}
