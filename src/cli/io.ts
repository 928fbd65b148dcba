/** What a CLI command may touch: given by the entry point, so commands are testable in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** A command takes its own arguments (after the command name) and resolves to an exit code. */
export type Command = (args: string[], io: CliIo) => Promise<number>;
