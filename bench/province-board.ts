/**
 * The leaders' board (`/qua-han`) over HTTP at province scale: the real web app listening on loopback, a read model of
 * BENCH_BOARD_ROWS rows (default 10,000, 12 monthly occurrences each, about a tenth overdue), a leader signed in;
 * p50 and p95 of 30 requests after 3 warm-ups, measured by the client (connection, server, transfer).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { readUnitsFile } from '../activities/plan-files/read-units';
import { openStore, StoreConfig } from '../activities/store/database';
import { recordRowChange } from '../activities/store/read-model';
import { buildWebApp } from '../client/web/server';
import { NOTHING_RECORDED, rowChangeSince } from '../domain/tracking/row-change';
import { ACCOUNTS, addAccounts, testSecrets, Visitor } from '../test/web/support';
import { NOW, state } from './web';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

export interface BoardFigures {
  rows: number;
  store: string;
  overdueLines: number;
  leader: { p50Ms: number; p95Ms: number; kb: number };
  office: { p50Ms: number; p95Ms: number; kb: number };
}

export async function measureBoard(rows: number, config?: StoreConfig): Promise<BoardFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-board-'));
  const db = await openStore(config ?? { sqlitePath: join(dir, 'db.sqlite') });
  try {
    for (let i = 0; i < rows; i++) await recordRowChange(db, rowChangeSince(state(i), NOTHING_RECORDED, NOW)!.change);
    await addAccounts(db);
    const noTemporal = {} as Client; // the board only reads
    const app = await buildWebApp({ db, temporal: noTemporal, taskQueue: 'bench', secrets: testSecrets(), evidenceDir: dir, units: await readUnitsFile(join(__dirname, '..', 'samples', 'units.json')), now: () => NOW });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const timed = async (role: string) => {
        const visitor = new Visitor(app);
        await visitor.login(ACCOUNTS.find((a) => a.role === role)!.email);
        const times: number[] = [];
        let kb = 0;
        for (let i = 0; i < 33; i++) {
          const start = process.hrtime.bigint();
          const res = await fetch(`${base}/qua-han`, { headers: { cookie: visitor.cookie } });
          const body = await res.text();
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          if (res.status !== 200) throw new Error(`/qua-han: HTTP ${res.status}`);
          kb = Math.round(Buffer.byteLength(body) / 1024);
          if (i >= 3) times.push(ms);
        }
        times.sort((a, b) => a - b);
        return { p50Ms: Number(percentile(times, 50).toFixed(1)), p95Ms: Number(percentile(times, 95).toFixed(1)), kb };
      };
      const overdue = await db.selectFrom('occurrences').select((eb) => eb.fn.countAll().as('n')).where('outcome', 'is', null).where('effective', '<', '2025-07-15').executeTakeFirstOrThrow();
      return { rows, store: config?.databaseUrl ? 'PostgreSQL' : 'SQLite', overdueLines: Number(overdue.n), leader: await timed('lanh-dao'), office: await timed('van-phong') };
    } finally {
      await app.close();
    }
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  measureBoard(Number(process.env.BENCH_BOARD_ROWS ?? 10_000))
    .then((f) => process.stdout.write(`${JSON.stringify(f)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
