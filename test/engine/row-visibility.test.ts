import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { importPlan } from '../../client/plan-import';
import { rowCalendar } from '../../domain/calendar/snapshot';
import { calendarQuery, reassignUpdate, reviewEvidenceUpdate, stateQuery, submitEvidenceUpdate } from '../../workflows/definitions';
import { until } from '../support/until';
import { CONTACTS, EngineHarness, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('row-visibility');
});
afterAll(() => h?.teardown());

const samples = join(__dirname, '..', '..', 'samples');

/** The row's search attributes as Temporal holds them, Datetimes as ISO strings. */
async function attributes(id: string): Promise<Record<string, unknown[]>> {
  const described = await h.client.workflow.getHandle(id).describe();
  return Object.fromEntries(Object.entries(described.searchAttributes).map(([k, v]) => [k, (v as unknown[]).map((x) => (x instanceof Date ? x.toISOString() : x))]));
}

describe('what Temporal shows of a row', () => {
  it('sets the attributes and memo at import and keeps the status current as time passes and evidence is reviewed, in digest mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-visibility-'));
    const plan = { number: '41/KH-SKHCN', title: 'Kế hoạch thử hiển thị', issuer: 'Sở KH&CN', date: '2035-03-05', year: 2035 };
    const rows = [
      { section: '1', order: '1', content: 'Báo cáo kết quả rà soát thủ tục hành chính', lead: 'Văn phòng Sở', coordinating: 'Thanh tra Sở', deadline: 'Chậm nhất ngày 30/6/2035', output: 'Báo cáo kết quả', note: '' },
      { section: '1', order: '2', content: 'Phối hợp kiểm tra', lead: 'Thanh tra Sở', coordinating: '', deadline: 'Theo tiến độ của Bộ', output: 'Công văn', note: '' },
    ];
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify({ plan, sections: [{ id: '1', title: 'Mục 1' }], rows }));
    const units = await readUnitsFile(join(samples, 'units.json'));
    const worker = await h.worker();
    await worker.runUntil(async () => {
      await importPlan(h.client, await readPlanFile(file), units, { taskQueue: h.taskQueue });
      const key = '41-KH-SKHCN-2035/1.1';
      // 30/6/2035 is a Saturday: the effective deadline is Monday 02/7, listed at 00:00 in Vietnam.
      expect(await attributes(key)).toMatchObject({ DondocPlan: ['41-KH-SKHCN-2035'], DondocUnit: ['vp'], DondocStatus: ['chua-den-han'], DondocNextDue: ['2035-07-01T17:00:00.000Z'], DondocYear: [2035] });
      expect(await attributes('41-KH-SKHCN-2035/1.2')).toMatchObject({ DondocUnit: ['tt'], DondocStatus: ['chua-co-han'] });
      expect((await attributes('41-KH-SKHCN-2035/1.2')).DondocNextDue ?? []).toEqual([]);
      const described = await h.client.workflow.getHandle(key).describe();
      expect(described.memo).toMatchObject({ where: '1.1', planTitle: '41/KH-SKHCN — Kế hoạch thử hiển thị', rowText: 'Báo cáo kết quả rà soát thủ tục hành chính', leadUnit: 'Văn phòng Sở' });
      expect(typeof described.memo?.importFingerprint).toBe('string');
      expect(await attributes('41-KH-SKHCN-2035')).toMatchObject({ DondocPlan: ['41-KH-SKHCN-2035'] });

      // The plan opens on 05/3: the row wakes and says it is under way; the deadline day ends: overdue.
      await h.advanceTo('2035-03-06T09:00');
      await until('trong hạn', async () => (await attributes(key)).DondocStatus?.[0] === 'dang-thuc-hien-trong-han');
      await h.advanceTo('2035-07-03T09:00');
      await until('quá hạn', async () => (await attributes(key)).DondocStatus?.[0] === 'dang-thuc-hien-qua-han');
      expect((await attributes(key)).DondocNextDue).toEqual(['2035-07-01T17:00:00.000Z']);

      const handle = h.client.workflow.getHandle(key);
      await handle.executeUpdate(submitEvidenceUpdate, { args: [{ occurrenceId: 'chinh', documentNumber: '662/BC-SKHCN', documentDate: '2035-07-03', title: 'Báo cáo kết quả', submitter: { unitId: 'vp', name: 'Nguyễn Thị Thu Hà' } }] });
      await until('chờ xác nhận', async () => (await attributes(key)).DondocStatus?.[0] === 'cho-xac-nhan');
      await handle.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId: 'chinh', decision: 'accept', reviewer: 'Văn phòng Sở' }] });
      await handle.result();
      const done = await attributes(key);
      expect(done.DondocStatus).toEqual(['hoan-thanh-qua-han']);
      expect(done.DondocNextDue ?? []).toEqual([]);

      // A reassignment moves the row to its new lead unit's listings, and the memo names it.
      const other = h.client.workflow.getHandle('41-KH-SKHCN-2035/1.2');
      await other.executeUpdate(reassignUpdate, { args: [{ lead: { id: 'khtc', name: 'Phòng Kế hoạch - Tài chính' }, contacts: CONTACTS, document: 'Quyết định thử 7/QĐ-SKHCN' }] });
      await until('giao lại', async () => (await attributes('41-KH-SKHCN-2035/1.2')).DondocUnit?.[0] === 'khtc');
      expect((await other.describe()).memo).toMatchObject({ leadUnit: 'Phòng Kế hoạch - Tài chính' });
      await other.terminate('kết thúc kiểm thử');
    });
  }, 600_000);

  it('answers the state query of a typical sample row in under 4 KB, and the legal calendar on its own query', async () => {
    const doc = await readPlanFile(join(samples, 'ke-hoach-16-KH-SKHCN-2025.xlsx'));
    const units = await readUnitsFile(join(samples, 'units.json'));
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const { started } = await importPlan(h.client, doc, units, { taskQueue: h.taskQueue });
      const sizes = new Map<string, number>();
      for (const key of started) sizes.set(key, Buffer.byteLength(JSON.stringify(await h.client.workflow.getHandle(key).query(stateQuery))));
      const sorted = [...sizes.values()].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      console.info(`[row-visibility] state query of the ${sorted.length} sample rows: median ${median} bytes, largest ${sorted.at(-1)}, row 3.4 ${sizes.get('16-KH-SKHCN-2025/3.4')}`);
      expect(sorted).toHaveLength(112);
      expect(median).toBeLessThan(4096);

      const handle = h.client.workflow.getHandle('16-KH-SKHCN-2025/3.4');
      const view = await handle.query(stateQuery, { planned: 10 });
      expect(view.state).not.toHaveProperty('calendar');
      expect(view.planned).toHaveLength(10);
      expect((await handle.query(stateQuery)).planned).toHaveLength(3);
      const calendar = await handle.query(calendarQuery);
      expect(calendar).toEqual(rowCalendar(2025));
      await Promise.all(started.map((key) => h.client.workflow.getHandle(key).terminate('kết thúc kiểm thử').catch(() => undefined)));
    });
  }, 300_000);
});
