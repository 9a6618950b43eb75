/**
 * Server render times of the web app's busiest pages, from the read model filled directly (no Temporal):
 * the overdue board, the office's queue and a unit's page, at the sample plan's 112 rows and at 10,000 rows
 * (12 monthly occurrences each). Each page is requested through Fastify's inject with a signed-in session, so
 * the figures are the server's time: session, access checks, SQL, template. Prints p50 and p95.
 */
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Client } from '@temporalio/client';
import { readUnitsFile } from '../activities/plan-files/read-units';
import { openStore } from '../activities/store/database';
import { recordRowChange } from '../activities/store/read-model';
import { buildWebApp } from '../client/web/server';
import { addDays } from '../domain/dates';
import { parseDeadline } from '../domain/deadline/parse-deadline';
import { atLocalHour } from '../domain/policy/reminders';
import { NOTHING_RECORDED, rowChangeSince } from '../domain/tracking/row-change';
import { Occurrence, RowState } from '../domain/tracking/row-state';
import { addAccounts, ACCOUNTS, testSecrets, Visitor } from '../test/web/support';

export const NOW = atLocalHour('2025-07-15', 10);
const UNITS = [
  { id: 'vp', name: 'Văn phòng Sở' },
  { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' },
  { id: 'tt', name: 'Thanh tra Sở' },
  { id: 'khtc', name: 'Phòng Kế hoạch - Tài chính' },
  { id: 'qlcn', name: 'Phòng Quản lý chuyên ngành' },
  { id: 'ttud', name: 'Trung tâm Ứng dụng tiến bộ khoa học và công nghệ' },
];

/** A monthly row: earlier months mostly done, some overdue, some awaiting review; later months not yet due. */
export function state(i: number): RowState {
  const where = `${Math.floor(i / 100) + 1}.${(i % 100) + 1}`;
  const occurrences: Occurrence[] = Array.from({ length: 12 }, (_, m) => {
    const effective = addDays(`2025-${String(m + 1).padStart(2, '0')}-05`, i % 3);
    const occ: Occurrence = { id: `2025-${String(m + 1).padStart(2, '0')}`, label: `kỳ ${m + 1}/2025`, opensOn: addDays(effective, -30), originalNominal: effective, nominal: effective, effective, role: 'deadline', extensions: [], evidence: [] };
    if (effective < '2025-07-15') {
      const fate = (i * 7 + m) % 10;
      const at = atLocalHour(addDays(effective, fate - 3), 9);
      if (fate < 7) {
        occ.evidence.push({ id: 'mc-1', documentNumber: `${i}/BC-SKHCN`, documentDate: effective, title: 'Báo cáo', files: [], submitter: { unitId: UNITS[i % 6].id, name: 'Trưởng đơn vị' }, submittedAt: at, review: { decision: 'accept', reviewer: 'Văn phòng Sở', at } });
        occ.outcome = fate < 4 ? 'on-time' : 'late';
        occ.completedAt = at;
      } else if (fate === 7) {
        occ.evidence.push({ id: 'mc-1', documentNumber: `${i}/BC-SKHCN`, documentDate: effective, title: 'Báo cáo', files: [{ name: 'bao-cao.pdf', sha256: 'a'.repeat(64), bytes: 1024, stored: `aa/${'a'.repeat(64)}/bao-cao.pdf` }], submitter: { unitId: UNITS[i % 6].id, name: 'Trưởng đơn vị' }, submittedAt: at });
      }
    }
    return occ;
  });
  const messages = occurrences.map((o) => ({ key: `bench/${where}/${o.id}/nhac-3`, kind: 'reminder' as const, occurrenceId: o.id, to: ['a@skhcn-angiang.example'], cc: [], subject: 'Nhắc việc', at: atLocalHour(addDays(o.effective, -3), 8), state: 'sent' as const, why: 'nhắc trước hạn 3 ngày làm việc' }));
  const spec = {
    planKey: '16-KH-SKHCN-2025',
    plan: { number: '16/KH-SKHCN', title: 'Kế hoạch thử tải', date: '2025-01-02', year: 2025 },
    where,
    content: `Báo cáo định kỳ hằng tháng về kiểm soát thủ tục hành chính, nhiệm vụ thử ${i + 1}`,
    lead: UNITS[i % UNITS.length],
    coordinating: [],
    deadlineText: 'Ngày 05 hàng tháng',
    expectedOutput: 'Báo cáo',
    evidenceType: 'BC',
    schedule: parseDeadline({ text: 'Ngày 05 hàng tháng', year: 2025 }),
  };
  return { rowKey: `${spec.planKey}/${where}`, spec, occurrences, messages, log: [{ at: atLocalHour('2025-01-02', 9), text: 'Bắt đầu theo dõi.' }], needsDeadline: false };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

async function measure(rows: number): Promise<void> {
  const db = await openStore({ sqlitePath: join(mkdtempSync(join(tmpdir(), 'dondoc-bench-web-')), 'db.sqlite') });
  const t = Date.now();
  for (let i = 0; i < rows; i++) await recordRowChange(db, rowChangeSince(state(i), NOTHING_RECORDED, NOW)!.change);
  await addAccounts(db);
  const noTemporal = {} as Client; // the pages measured only read
  const app = await buildWebApp({ db, temporal: noTemporal, taskQueue: 'bench', secrets: testSecrets(), evidenceDir: tmpdir(), units: await readUnitsFile(join(__dirname, '..', 'samples', 'units.json')), now: () => NOW });
  const office = new Visitor(app);
  await office.login(ACCOUNTS.find((a) => a.role === 'van-phong')!.email);
  const unit = new Visitor(app);
  await unit.login(ACCOUNTS.find((a) => a.unitId === 'ptcn')!.email);
  process.stdout.write(`${rows} rows (${rows * 12} occurrences) recorded in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  for (const [label, visitor, url] of [['overdue board', office, '/qua-han'], ['office queue', office, '/cho-xac-nhan'], ["a unit's page", unit, '/don-vi']] as const) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 33; i++) {
      const start = process.hrtime.bigint();
      const res = await visitor.get(url);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode}`);
      bytes = res.rawPayload.length;
      if (i >= 3) times.push(ms);
    }
    times.sort((a, b) => a - b);
    const items = (await visitor.get(url)).body.match(/data-row=/g)?.length ?? 0;
    process.stdout.write(`  ${label.padEnd(14)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms  (${items} lines, ${(bytes / 1024).toFixed(0)} KB)\n`);
  }
  await app.close();
  await db.destroy();
}

async function main(): Promise<void> {
  for (const rows of [112, 10_000]) await measure(rows);
}

if (require.main === module) void main();
