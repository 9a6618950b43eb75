import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { temporal } from '@temporalio/proto';

/** Histories saved by `npm run demo -- --histories F`: gzip of length-prefixed (workflow id, History protobuf) pairs. */
export function readSavedHistories(file: string): { workflowId: string; history: temporal.api.history.v1.IHistory }[] {
  const bytes = gunzipSync(readFileSync(file));
  const out = [];
  let at = 0;
  const next = () => {
    const length = bytes.readUInt32BE(at);
    const part = bytes.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return part;
  };
  while (at < bytes.length) out.push({ workflowId: next().toString('utf8'), history: temporal.api.history.v1.History.decode(next()) });
  return out;
}
