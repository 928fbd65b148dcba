/** How one router's `banbridge sync` ended, as data (the caller prints it and sets the exit code). */
export type SyncResult =
  | {
      ok: true;
      summary: Record<string, unknown>;
      /** Who reconciled: this command's lease name, or the instance that drives the router. */
      by: string;
      /** This command reconciled the router itself (no instance drove it). */
      here: boolean;
    }
  | {
      ok: false;
      /** An error code (core/errors.ts): the router's, SYNC_NOT_ANSWERED or LEASE_LOST. */
      code: string;
      message: string;
      by: string;
      here: boolean;
    };
