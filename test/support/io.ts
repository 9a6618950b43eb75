import { CommandIo } from '../../client/io';

/** A CommandIo that records what a command prints, for CLI tests. */
export function bufferIo(stdin = ''): CommandIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => void (out += text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void (err += text.endsWith('\n') ? text : `${text}\n`),
    readStdin: async () => stdin,
    env: {},
    cwd: process.cwd(),
    stdout: () => out,
    stderr: () => err,
  };
}
