// The web app alone in a process of its own, for tests that measure its memory: `node --import tsx upload-server.ts`
// with DONDOC_DB_PATH, DONDOC_EVIDENCE_DIR, DONDOC_LINK_SECRET and NOW_MS; prints its address once it listens.
// Only what the app needs is loaded (no Temporal test server, no jest), so its memory is the web app's.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { openStore } from '../../activities/store/database';
import { startWebServer } from '../../client/web/server';

async function main(): Promise<void> {
  const db = await openStore({ sqlitePath: process.env.DONDOC_DB_PATH! });
  const now = Number(process.env.NOW_MS);
  const web = await startWebServer({
    db,
    // Reading and uploading never reach Temporal.
    temporal: {} as Client,
    taskQueue: 'khong-dung',
    secrets: { sessionKey: randomBytes(32), linkSecret: process.env.DONDOC_LINK_SECRET! },
    evidenceDir: process.env.DONDOC_EVIDENCE_DIR!,
    units: await readUnitsFile(join(__dirname, '..', '..', 'samples', 'units.json')),
    now: () => now,
    port: 0,
  });
  process.stdout.write(`${web.url}\n`);
  process.once('SIGTERM', () => void web.close().then(() => db.destroy()).then(() => process.exit(0)));
}

void main();
