import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createReadModelActivities } from '../../activities/read-model';
import { openStore } from '../../activities/store/database';
import { run as report } from '../../client/commands/report';
import { atLocalHour } from '../../domain/policy/reminders';
import { emptyCounts, reportSentence, reportSentenceNote } from '../../domain/tracking/report';
import { NOTHING_RECORDED, rowChangeSince } from '../../domain/tracking/row-change';
import { Occurrence, RowState } from '../../domain/tracking/row-state';
import { rowSpec } from '../engine/support';
import { bufferIo } from '../support/io';

/** Seven monthly occurrences of one row, seen on 15/04/2099: 3 not yet open, 2 open within their deadline, 1 overdue, 1 done on time. */
function monthlyRow(): RowState {
  const spec = rowSpec('10.3', 'Ngày 20 hàng tháng', 'Báo cáo tháng');
  const occurrence = (id: string, opensOn: string, effective: string): Occurrence => ({ id, label: `kỳ ${id}`, opensOn, originalNominal: effective, nominal: effective, effective, role: 'deadline', extensions: [], evidence: [] });
  const done = occurrence('03/2099', '2099-02-21', '2099-03-20');
  const submittedAt = atLocalHour('2099-03-18', 10);
  done.evidence.push({ id: 'mc-1', documentNumber: '120/BC-SKHCN', documentDate: '2099-03-18', title: 'Báo cáo tháng 3', files: [], submitter: { unitId: 'vp', name: 'Văn phòng Sở' }, submittedAt, review: { decision: 'accept', reviewer: 'Văn phòng Sở', at: submittedAt } });
  done.outcome = 'on-time';
  done.completedAt = submittedAt;
  const occurrences = [
    done,
    occurrence('02/2099', '2099-01-21', '2099-02-20'), // overdue: nothing submitted
    occurrence('04/2099', '2099-03-21', '2099-04-20'), // open, within its deadline
    occurrence('05/2099', '2099-04-10', '2099-05-20'), // open, within its deadline
    occurrence('06/2099', '2099-05-21', '2099-06-22'), // not yet open
    occurrence('07/2099', '2099-06-21', '2099-07-20'), // not yet open
    occurrence('08/2099', '2099-07-21', '2099-08-20'), // not yet open
  ];
  return { rowKey: `${spec.planKey}/${spec.where}`, spec, occurrences, messages: [], log: [{ at: atLocalHour('2099-01-05', 9), text: 'Bắt đầu theo dõi.' }], needsDeadline: false };
}

const SENTENCE = 'Sở được giao 07 nhiệm vụ, hoàn thành đúng hạn 01 nhiệm vụ, hoàn thành quá hạn 00 nhiệm vụ, 05 nhiệm vụ chưa đến hạn, 01 nhiệm vụ quá hạn, 00 nhiệm vụ chờ xác nhận.';
const NOTE =
  'Ghi chú: "05 nhiệm vụ chưa đến hạn" trong câu trên gộp hai cột của bảng, như báo cáo của các Sở vẫn tính: ' +
  '"Chưa đến hạn" (03: kỳ thực hiện chưa bắt đầu) và "Đang thực hiện trong hạn" (02: đang thực hiện, chưa quá hạn).';

describe('the report sentence\'s "chưa đến hạn"', () => {
  it('adds the tasks within their deadline to those not yet due, as report 004 counts', () => {
    const counts = { ...emptyCounts(), giao: 55, 'hoan-thanh-dung-han': 42, 'chua-den-han': 4, 'dang-thuc-hien-trong-han': 8, 'dang-thuc-hien-qua-han': 1 };
    expect(reportSentence(counts)).toBe('Sở được giao 55 nhiệm vụ, hoàn thành đúng hạn 42 nhiệm vụ, hoàn thành quá hạn 00 nhiệm vụ, 12 nhiệm vụ chưa đến hạn, 01 nhiệm vụ quá hạn, 00 nhiệm vụ chờ xác nhận.');
    expect(reportSentenceNote(counts)).toBe(
      'Ghi chú: "12 nhiệm vụ chưa đến hạn" trong câu trên gộp hai cột của bảng, như báo cáo của các Sở vẫn tính: ' +
        '"Chưa đến hạn" (04: kỳ thực hiện chưa bắt đầu) và "Đang thực hiện trong hạn" (08: đang thực hiện, chưa quá hạn).',
    );
  });

  it('says 05 in the sentence while the table and the workbook show 3 and 2 apart, with the mapping written beside them', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'dondoc-report-')), 'dondoc.sqlite');
    const db = await openStore({ sqlitePath: dbPath });
    try {
      const state = monthlyRow();
      await new MockActivityEnvironment().run(createReadModelActivities(db).recordRow, rowChangeSince(state, NOTHING_RECORDED, atLocalHour('2099-04-15', 9))!.change);
    } finally {
      await db.destroy();
    }
    const xlsx = join(mkdtempSync(join(tmpdir(), 'dondoc-report-')), 'bao-cao.xlsx');
    const io = { ...bufferIo(), env: { DONDOC_DB_PATH: dbPath } };
    expect(await report(['--from', '01/01/2099', '--to', '31/12/2099', '--as-of', '15/04/2099', '--xlsx', xlsx], io)).toBe(0);
    const lines = io.stdout().split('\n');
    // Giao, hoàn thành đúng hạn, hoàn thành quá hạn, đang thực hiện trong hạn, quá hạn, chưa đến hạn, chờ xác nhận.
    expect(lines.find((l) => l.includes('Tổng cộng'))?.split('|').map((c) => c.trim()).filter(Boolean)).toEqual(['Tổng cộng', '7', '1', '0', '2', '1', '3', '0']);
    expect(lines).toContain(SENTENCE);
    expect(lines).toContain(NOTE);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const values = (sheet: string, n: number) => (book.getWorksheet(sheet)!.getRow(n).values as unknown[]).slice(1);
    expect(values('Tổng hợp', 3)).toEqual(['Đơn vị', 'Giao', 'Hoàn thành đúng hạn', 'Hoàn thành quá hạn', 'Đang thực hiện trong hạn', 'Quá hạn', 'Chưa đến hạn', 'Chờ xác nhận']);
    expect(values('Tổng hợp', 5)).toEqual(['Tổng cộng', 7, 1, 0, 2, 1, 3, 0]);
    expect(values('Tổng hợp', 7)).toEqual([SENTENCE]);
    expect(values('Tổng hợp', 8)).toEqual([NOTE]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => values('Cách tính', n))).toEqual([
      ['Cụm từ trong câu báo cáo', 'Cộng các cột của bảng "Tổng hợp"', 'Số nhiệm vụ'],
      ['Sở được giao … nhiệm vụ', 'Giao', 7],
      ['hoàn thành đúng hạn … nhiệm vụ', 'Hoàn thành đúng hạn', 1],
      ['hoàn thành quá hạn … nhiệm vụ', 'Hoàn thành quá hạn', 0],
      ['… nhiệm vụ chưa đến hạn', 'Chưa đến hạn + Đang thực hiện trong hạn', 5],
      ['… nhiệm vụ quá hạn', 'Quá hạn', 1],
      ['… nhiệm vụ chờ xác nhận', 'Chờ xác nhận', 0],
      [],
      [NOTE],
    ]);
  });
});
