import type { Combiner } from './group-commit.js';

/**
 * What the tables need from a database: parameterised statements (`?` placeholders, in the
 * SQL both SQLite and PostgreSQL accept) and transactions. Two implementations:
 * sqlite-driver.ts (better-sqlite3) and postgres-driver.ts (node-postgres). Every failure
 * leaves a driver as STORE_UNAVAILABLE (store-unavailable.ts); nothing above knows which
 * database it talks to.
 */
export interface SqlDriver {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the data lives, with any password removed (for logs and status). */
  readonly location: string;
  all<R>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  get<R>(sql: string, params?: readonly unknown[]): Promise<R | undefined>;
  /** Runs a write; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs fn in a transaction that is committed (durably) when the promise resolves.
   * Concurrent calls may share one commit (group commit): each runs in its own savepoint,
   * so one failing rolls back only its own writes. Nested calls join the outer one.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `item` in a transaction like transaction(), passed to `combine` together with the
   * items of concurrent callers naming the same combiner (group-commit.ts). Inside a
   * transaction: alone, joining it.
   */
  combined<I, R>(combine: Combiner<I, R>, item: I): Promise<R>;
  /** True inside transaction(): statements belong to it. */
  readonly inTransaction: boolean;
  /** SQL for the database clock in epoch milliseconds (leases use one clock for all). */
  readonly nowSql: string;
  /** SQL joining `expression` over a group with `separator` (a string literal, quoted). */
  stringAgg(expression: string, separator: string): string;
  /** The operator matching a LIKE pattern without regard to case (SQLite's LIKE already does). */
  readonly likeAnyCase: 'LIKE' | 'ILIKE';
  /** Appended to a text expression so that it compares byte by byte (key ranges). */
  readonly binaryCollation: string;
  /**
   * Tells every instance sharing the store that router work was queued (PostgreSQL NOTIFY);
   * a no-op where only one process serves.
   */
  notifyQueued(): Promise<void>;
  /** Calls fn when any instance queued router work; returns the unsubscribe. */
  onQueued(fn: () => void): () => void;
  /**
   * The `serve` instances connected to this store besides this process, each named as it
   * named itself (Store.open `servingAs`), with the address it connects from when known.
   * PostgreSQL only; SQLite's one serve per file holds its serve lock instead.
   */
  servesConnected(): Promise<string[]>;
  ping(): Promise<boolean>;
  readonly isOpen: boolean;
  close(): Promise<void>;
}
