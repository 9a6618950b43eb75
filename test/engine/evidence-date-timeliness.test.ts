import { run as report } from '../../client/commands/report';
import { run as task } from '../../client/commands/task';
import { stateQuery } from '../../workflows/definitions';
import { rowWorkflow } from '../../workflows/row';
import { bufferIo } from '../support/io';
import { until } from '../support/until';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

/**
 * Issue 20.4: evidence dated before its deadline but submitted later was counted late. The rule now goes by the
 * document's date when it is earlier than the submission; the office sees both dates at review and may decide
 * otherwise with a reason, written in the row's log; the report counts what the office decided.
 */
let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('evidence-date-timeliness');
});
afterAll(() => h?.teardown());

/** Everything the commands printed, scanned at the end for what must never reach a person. */
const printed: (() => string)[] = [];
const io = () => {
  const b = bufferIo();
  printed.push(() => b.stdout() + b.stderr());
  return { ...b, env: { TEMPORAL_ADDRESS: h.temporal.env.address, DONDOC_DB_PATH: h.dbPath } };
};
const NOT_FOR_PEOPLE = [/\bchinh\b/, /\blan-\d+\b/, /\bworkflows?\b/i, /\bworkers?\b/i];

describe('on time by the evidence document’s date', () => {
  it('counts a report dated 25/04 for a deadline of 27/04, submitted 07/05, as on time; the office sees both dates and may decide otherwise with a reason', async () => {
    // 27/04/2035 is a Friday: the effective deadline is the nominal one.
    const rows = ['2.6', '2.7', '2.8', '2.9'].map((where) => rowSpec(where, 'Chậm nhất ngày 27/4/2035', 'Báo cáo kết quả rà soát'));
    const key = (where: string) => `${rows[0].planKey}/${where}`;
    const worker = await h.worker();
    await worker.runUntil(async () => {
      for (const spec of rows) await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: key(spec.where), args: [{ spec, contacts: CONTACTS }] });
      await h.advanceTo('2035-05-07T09:00');
      for (const [where, so, ngay] of [['2.6', '662/BC-SKHCN', '25/04/2035'], ['2.7', '663/BC-SKHCN', '25/04/2035'], ['2.8', '664/BC-SKHCN', '30/04/2035']]) {
        const submitted = io();
        expect(await task(['submit', key(where), '--don-vi', 'vp', '--so', so, '--ngay', ngay], submitted)).toBe(0);
        expect(submitted.stdout()).toContain(`Đã nhận minh chứng ${so} cho lần thực hiện chính: Chờ xác nhận.`);
      }

      // As the rule says: the document's date (25/04) is earlier than the submission (07/05) and within the deadline.
      const byRule = io();
      expect(await task(['review', key('2.6'), '--accept'], byRule)).toBe(0);
      expect(byRule.stdout()).toContain('Minh chứng 662/BC-SKHCN: văn bản ngày 25/04/2035, nộp ngày 07/05/2035, hạn 27/04/2035; tính theo ngày văn bản (sớm hơn ngày nộp): hoàn thành đúng hạn.');
      expect(byRule.stdout()).toContain('Lần thực hiện chính: Hoàn thành đúng hạn.');

      // The office decides otherwise: refused without a reason, recorded with one.
      const noReason = io();
      expect(await task(['review', key('2.7'), '--accept', '--tinh', 'qua-han'], noReason)).toBe(1);
      expect(noReason.stderr()).toContain('Không chấp nhận: Theo văn bản ngày 25/04/2035, nộp ngày 07/05/2035, hạn 27/04/2035, minh chứng được tính hoàn thành đúng hạn; muốn tính hoàn thành quá hạn cần ghi lý do.');
      const decided = io();
      expect(await task(['review', key('2.7'), '--accept', '--tinh', 'qua han', '--ly-do', 'Văn bản ký đúng hạn nhưng gửi Sở chậm 10 ngày'], decided)).toBe(0);
      expect(decided.stdout()).toContain('tính theo ngày văn bản (sớm hơn ngày nộp): hoàn thành đúng hạn.');
      expect(decided.stdout()).toContain('Lần thực hiện chính: Hoàn thành quá hạn.');
      const log = (await h.client.workflow.getHandle(key('2.7')).query(stateQuery)).state.log.map((l) => l.text);
      expect(log).toContain(
        'Văn phòng Sở xác nhận minh chứng 663/BC-SKHCN: hoàn thành quá hạn. Văn bản ngày 25/04/2035, nộp ngày 07/05/2035, hạn 27/04/2035; tính theo ngày văn bản (sớm hơn ngày nộp) thì hoàn thành đúng hạn; Văn phòng quyết định hoàn thành quá hạn, lý do: Văn bản ký đúng hạn nhưng gửi Sở chậm 10 ngày',
      );

      // A document dated after the deadline is late whatever day it arrives.
      const after = io();
      expect(await task(['review', key('2.8'), '--accept'], after)).toBe(0);
      expect(after.stdout()).toContain('văn bản ngày 30/04/2035, nộp ngày 07/05/2035, hạn 27/04/2035; tính theo ngày văn bản (sớm hơn ngày nộp): hoàn thành quá hạn.');

      // The report counts as the office decided.
      await until('ba lần thực hiện hoàn thành trong sổ theo dõi', async () => (await h.db.selectFrom('occurrences').select('outcome').where('outcome', 'is not', null).execute()).length === 3, 30_000);
      const sums = io();
      expect(await report(['--from', '21/04/2035', '--to', '30/04/2035', '--as-of', '07/05/2035', '--json'], sums)).toBe(0);
      const { total } = JSON.parse(sums.stdout()) as { total: Record<string, number> };
      expect({ dungHan: total['hoan-thanh-dung-han'], quaHan: total['hoan-thanh-qua-han'] }).toEqual({ dungHan: 1, quaHan: 2 });

      // `task status`, an extension and a refusal name the occurrence as people read it; `--lan` takes that name too.
      const status = io();
      expect(await task(['status', key('2.6')], status)).toBe(0);
      expect(status.stdout()).toContain('Lần thực hiện chính: hạn 27/04/2035  Hoàn thành đúng hạn');
      expect(await task(['submit', key('2.9'), '--don-vi', 'vp', '--so', '700/BC-SKHCN', '--ngay', '07/05/2035', '--lan', 'chính'], io())).toBe(0);
      const waiting = io();
      expect(await task(['submit', key('2.9'), '--don-vi', 'vp', '--so', '701/BC-SKHCN', '--ngay', '07/05/2035', '--lan', 'lan thuc hien chinh'], waiting)).toBe(1);
      expect(waiting.stderr()).toContain('Không chấp nhận: Lần thực hiện chính đang chờ Văn phòng xác nhận minh chứng trước.');
      const text = printed.map((p) => p()).join('\n');
      for (const word of NOT_FOR_PEOPLE) expect(word.exec(text)?.[0]).toBeUndefined();
    });
  });
});
