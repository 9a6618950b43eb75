import { join } from 'node:path';
import ical, { VEvent } from 'node-ical';
import { openStore, Store } from '../../activities/store/database';
import { unitCalendarOccurrences } from '../../activities/store/read-model';
import { RunningWebServer, startWebServer } from '../../client/web/server';
import { runDondoc } from '../engine/cli-process';
import { occurrence, recorder, rowState } from '../support/recorded-rows';
import { tempDir, testSecrets, unreachableTemporal } from './support';

const PTCN = { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' };
const QLCN = { id: 'qlcn', name: 'Phòng Quản lý chuyên ngành' };
const NOW = Date.UTC(2025, 2, 1, 3);
const secrets = testSecrets();

let db: Store;
let web: RunningWebServer;

beforeAll(async () => {
  db = await openStore({ sqlitePath: join(tempDir('dondoc-lich-web-'), 'dondoc.sqlite') });
  const record = recorder(db);
  await record(rowState('2.6', 'Báo cáo tình hình chuyển đổi số trong giải quyết TTHC', PTCN, 'Hàng quý', [occurrence('2025-q1', 'quý I/2025', '2025-03-05', '2025-03-19', '2025-03-19'), occurrence('2025-q2', 'quý II/2025', '2025-04-01', '2025-06-21', '2025-06-23')]), Date.UTC(2025, 2, 5, 2));
  await record(rowState('4.1', 'Rà soát quy định chuyên ngành', QLCN, 'Trước ngày 30/4/2025', [occurrence('chinh', '', '2025-03-05', '2025-04-29', '2025-04-29')]), Date.UTC(2025, 2, 5, 2));
  // The web app as `dondoc web` serves it (real port, real HTTP), Temporal never touched by the feed.
  web = await startWebServer({ port: 0, db, temporal: unreachableTemporal(), taskQueue: 'dondoc', secrets, evidenceDir: tempDir('dondoc-lich-ev-'), now: () => NOW });
});
afterAll(async () => {
  await web?.close();
  await db?.destroy();
});

/** The address `dondoc calendar link` prints, from the CLI run as a process with the web's link secret. */
async function linkFor(unit: string): Promise<string> {
  const r = await runDondoc(['calendar', 'link', '--unit', unit, '--base', `${web.url}/`], { DONDOC_LINK_SECRET: secrets.linkSecret });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

describe('the calendar feed through the web app', () => {
  it('serves the link `dondoc calendar link` prints as text/calendar whose events are the unit’s occurrences', async () => {
    const link = await linkFor('ptcn');
    expect(link).toMatch(new RegExp(`^${web.url}/lich/ptcn\\.ics\\?token=[A-Za-z0-9_-]{43}$`));
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, max-age=300');
    const events = Object.values(ical.sync.parseICS(await res.text())).filter((c): c is VEvent => c.type === 'VEVENT');
    const expected = await unitCalendarOccurrences(db, 'ptcn', NOW);
    expect(events.map((e) => e.uid).sort()).toEqual(expected.map((o) => `${o.rowKey}/${o.occurrenceId}@dondoc`).sort());
    expect(events.map((e) => e.uid).sort()).toEqual(['16-KH-SKHCN-2025/2.6/2025-q1@dondoc', '16-KH-SKHCN-2025/2.6/2025-q2@dondoc']);
    // A calendar app asks HEAD first, then GET.
    const head = await fetch(link, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  });

  it('refuses a missing token, a wrong one, and another unit’s, and opens nothing else', async () => {
    const ptcn = new URL(await linkFor('ptcn'));
    const qlcn = new URL(await linkFor('qlcn'));
    const missing = await fetch(`${web.url}/lich/ptcn.ics`);
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('Mã truy cập lịch của đơn vị "ptcn" không đúng hoặc đã bị thu hồi');
    const wrong = await fetch(`${web.url}/lich/ptcn.ics?token=${'A'.repeat(43)}`);
    expect(wrong.status).toBe(403);
    const crossed = await fetch(`${web.url}/lich/ptcn.ics?token=${qlcn.searchParams.get('token')}`);
    expect(crossed.status).toBe(403);
    expect(await crossed.text()).not.toContain('BEGIN:VCALENDAR');
    const notAFeed = await fetch(`${web.url}/lich/..%2Fptcn.ics?token=${ptcn.searchParams.get('token')}`);
    expect(notAFeed.status).toBe(404);
  });

  it('answers 503 with what to set when the server has no link secret', async () => {
    const bare = await startWebServer({ port: 0, db, temporal: unreachableTemporal(), taskQueue: 'dondoc', secrets: { ...secrets, linkSecret: '' }, evidenceDir: tempDir('dondoc-lich-ev-'), now: () => NOW });
    try {
      const res = await fetch(`${bare.url}/lich/ptcn.ics?token=x`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('DONDOC_LINK_SECRET');
    } finally {
      await bare.close();
    }
  });
});
