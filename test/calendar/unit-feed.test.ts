import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ical, { VEvent } from 'node-ical';
import { openStore, Store } from '../../activities/store/database';
import { unitCalendarOccurrences } from '../../activities/store/read-model';
import { run as calendarCommand } from '../../client/commands/calendar';
import { calendarFeedListener, calendarFeedPath } from '../../client/web/calendar-feed';
import { RowState } from '../../domain/tracking/row-state';
import { bufferIo } from '../support/io';
import { occurrence, recorder, rowState as row } from '../support/recorded-rows';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const PTCN = { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' };
const QLCN = { id: 'qlcn', name: 'Phòng Quản lý chuyên ngành' };

const rowState = () =>
  row('2.6', 'Báo cáo tình hình, kết quả thực hiện chuyển đổi số trong giải quyết TTHC', PTCN, 'Hàng quý', [
    occurrence('2025-q1', 'quý I/2025', '2025-03-05', '2025-03-19', '2025-03-19'),
    occurrence('2025-q2', 'quý II/2025', '2025-04-01', '2025-06-21', '2025-06-23'),
  ]);

let db: Store;
let server: Server;
let base: string;
let record: (state: RowState, at: number) => Promise<void>;
// Statuses are computed as of 01/03/2025, before anything is due.
const NOW = Date.UTC(2025, 2, 1, 3);

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-lich-'));
  process.env.DONDOC_FEED_TEST_DB = join(dir, 'dondoc.sqlite');
  db = await openStore({ sqlitePath: process.env.DONDOC_FEED_TEST_DB });
  record = recorder(db);
  server = createServer(calendarFeedListener({ db, secret: SECRET, now: () => NOW }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.destroy();
});

const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

async function feedOf(unitId: string): Promise<VEvent[]> {
  const res = await fetch(`${base}${calendarFeedPath(unitId, SECRET)}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  const parsed = ical.sync.parseICS(await res.text());
  return Object.values(parsed).filter((c): c is VEvent => c.type === 'VEVENT');
}

const triggers = (e: VEvent) => ((e as unknown as { alarms?: { trigger: { val: string } }[] }).alarms ?? []).map((a) => a.trigger.val).sort();

describe('the calendar feed of a unit', () => {
  it('has one all-day event per occurrence on its effective deadline, with alarms at the reminder days', async () => {
    await record(rowState(), Date.UTC(2025, 2, 5, 2));
    const events = await feedOf('ptcn');
    const stored = await unitCalendarOccurrences(db, 'ptcn', NOW);
    expect(events.map((e) => e.uid)).toEqual(stored.map((o) => `${o.rowKey}/${o.occurrenceId}@dondoc`));
    expect(events.map((e) => e.uid)).toEqual(['16-KH-SKHCN-2025/2.6/2025-q1@dondoc', '16-KH-SKHCN-2025/2.6/2025-q2@dondoc']);
    expect(events.map((e) => [e.datetype, (e.start as Date & { dateOnly?: boolean }).dateOnly, localDay(e.start)])).toEqual([
      ['date', true, '2025-03-19'],
      ['date', true, '2025-06-23'],
    ]);
    expect(events.map((e) => Number(e.sequence))).toEqual([0, 0]);
    expect(events[0].summary).toBe('[2.6] Báo cáo tình hình, kết quả thực hiện chuyển đổi số trong giải quyết TTHC (quý I/2025)');
    expect(events[1].description).toContain('Hạn tính theo luật: 23/06/2025 (hạn ghi 21/06/2025 rơi vào ngày nghỉ)');
    // 7, 3, 1 and 0 working days before Wednesday 19/03/2025, at 08:00 in Vietnam (01:00 UTC).
    expect(triggers(events[0])).toEqual(['20250310T010000Z', '20250314T010000Z', '20250318T010000Z', '20250319T010000Z']);
  });

  it('keeps the UID and raises SEQUENCE when the deadline is extended, and again when the row is reassigned', async () => {
    const state = rowState();
    state.occurrences[0] = { ...state.occurrences[0], nominal: '2025-04-05', effective: '2025-04-08', extensions: [{ from: '2025-03-19', to: '2025-04-05', document: 'Công văn 12/SKHCN-VP', at: Date.UTC(2025, 2, 17) }] };
    await record(state, Date.UTC(2025, 2, 17, 2));
    // The same change recorded again (an activity retried) is not a new revision.
    await record(state, Date.UTC(2025, 2, 17, 2));
    const extended = await feedOf('ptcn');
    expect(extended.map((e) => [e.uid, Number(e.sequence), localDay(e.start)])).toEqual([
      ['16-KH-SKHCN-2025/2.6/2025-q1@dondoc', 1, '2025-04-08'],
      ['16-KH-SKHCN-2025/2.6/2025-q2@dondoc', 0, '2025-06-23'],
    ]);
    expect(extended[0].description).toContain('(hạn ban đầu 19/03/2025, đã gia hạn)');

    state.spec = { ...state.spec, lead: QLCN };
    await record(state, Date.UTC(2025, 2, 20, 2));
    expect(await feedOf('ptcn')).toEqual([]);
    const moved = await feedOf('qlcn');
    expect(moved.map((e) => [e.uid, Number(e.sequence)])).toEqual([
      ['16-KH-SKHCN-2025/2.6/2025-q1@dondoc', 2],
      ['16-KH-SKHCN-2025/2.6/2025-q2@dondoc', 1],
    ]);
  });

  it('refuses a missing token, a token of another unit, and answers 503 without a secret', async () => {
    expect((await fetch(`${base}/lich/qlcn.ics`)).status).toBe(403);
    const other = calendarFeedPath('ptcn', SECRET).split('?')[1];
    const res = await fetch(`${base}/lich/qlcn.ics?${other}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Mã truy cập lịch của đơn vị "qlcn" không đúng');
    expect((await fetch(`${base}/lich/qlcn.txt`)).status).toBe(404);
    expect((await fetch(`${base}${calendarFeedPath('qlcn', SECRET)}`, { method: 'POST' })).status).toBe(405);
    const bare = createServer(calendarFeedListener({ db, secret: undefined }));
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    try {
      expect((await fetch(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/lich/qlcn.ics?token=x`)).status).toBe(503);
    } finally {
      await new Promise((resolve) => bare.close(resolve));
    }
  });

  it('is exported by `dondoc calendar export --unit U --out F`, and `calendar link` prints the signed path', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dondoc-lich-out-')), 'qlcn.ics');
    const io = { ...bufferIo(), env: { DONDOC_DB_PATH: process.env.DONDOC_FEED_TEST_DB, DONDOC_LINK_SECRET: SECRET } };
    expect(await calendarCommand(['export', '--unit', 'qlcn', '--out', out], io)).toBe(0);
    expect(io.stderr()).toContain(`Đã ghi 2 thời hạn của Phòng Quản lý chuyên ngành ra ${out}.`);
    const events = Object.values(ical.sync.parseICS(readFileSync(out, 'utf8'))).filter((c) => c.type === 'VEVENT') as VEvent[];
    expect(events.map((e) => [e.uid, Number(e.sequence), localDay(e.start)])).toEqual([
      ['16-KH-SKHCN-2025/2.6/2025-q1@dondoc', 2, '2025-04-08'],
      ['16-KH-SKHCN-2025/2.6/2025-q2@dondoc', 1, '2025-06-23'],
    ]);
    const link = { ...bufferIo(), env: { DONDOC_LINK_SECRET: SECRET } };
    expect(await calendarCommand(['link', '--unit', 'qlcn', '--base', 'https://dondoc.skhcn-angiang.example/'], link)).toBe(0);
    expect(link.stdout().trim()).toBe(`https://dondoc.skhcn-angiang.example${calendarFeedPath('qlcn', SECRET)}`);
    const noSecret = bufferIo();
    expect(await calendarCommand(['link', '--unit', 'qlcn'], noSecret)).toBe(1);
    expect(noSecret.stderr()).toContain('DONDOC_LINK_SECRET chưa đặt');
  });
});
