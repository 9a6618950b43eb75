/** Where a command writes: the terminal in production, buffers in tests. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Whole stdin, for `--batch` modes. */
  readStdin(): Promise<string>;
  /** Environment the command may read (DATABASE_URL, SMTP_URL, TEMPORAL_ADDRESS…). */
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type CommandRun = (args: string[], io: CommandIo) => Promise<number>;

/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  /** A person gave a wrong argument or a row-level problem stopped the command. */
  usage: 1,
  /** The input file could not be read at all, or what the command needs is not set up (Temporal, the database, the operator's unit). */
  unreadable: 2,
  /** The worker (máy chủ nhắc việc) is not running or did not answer in time: nothing was recorded; try again later. */
  unavailable: 3,
  /** An unexpected error: a fault in dondoc, printed with its stack trace for the report (client/cli.ts). */
  internal: 70,
} as const;

export function processIo(): CommandIo {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
  };
}
