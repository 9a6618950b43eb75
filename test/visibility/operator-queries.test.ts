import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { openStore, Store } from '../../activities/store/database';
import { importPlan } from '../../client/plan-import';
import { listCommand, operatorQueries, README_EXAMPLES } from '../../client/visibility-queries';
import { calendarFrom, rowCalendar } from '../../domain/calendar/snapshot';
import { addDays, isoDateAt, weekday } from '../../domain/dates';
import { submitEvidenceUpdate } from '../../workflows/definitions';
import { digestWorkflowId } from '../../workflows/digest';
import { StartedEnvironment, startDevEnvironment, temporalCliPath } from '../../worker/temporal-servers';
import { engineBundle } from '../engine/support';
import { LoopbackSmtp, startLoopbackSmtp } from '../support/smtp';
import { until } from '../support/until';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

let dev: StartedEnvironment;
let smtp: LoopbackSmtp;
let db: Store;
let worker: Worker;
let working: Promise<void>;
const taskQueue = `visibility-${process.pid}-${Date.now()}`;

beforeAll(async () => {
  dev = await startDevEnvironment();
  smtp = await startLoopbackSmtp();
  db = await openStore({ sqlitePath: join(mkdtempSync(join(tmpdir(), 'dondoc-visibility-')), 'dondoc.sqlite') });
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  worker = await Worker.create({ connection: dev.env.nativeConnection, taskQueue, workflowBundle: await engineBundle(), activities: createActivities({ mailer, db, from: 'dondoc <dondoc@skhcn-angiang.example>' }) });
  working = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await working;
  await dev?.env.teardown();
  await smtp?.close();
  await db?.destroy();
});

/** The `temporal` CLI from .temporal/, as an operator runs it, against the test's server. */
async function temporal(args: string[]): Promise<string> {
  const { stdout } = await run(temporalCliPath(), [...args, '--address', dev.env.address, '--namespace', dev.env.namespace ?? 'default'], { timeout: 60_000 });
  return stdout;
}

/** The workflow ids `temporal workflow list --query` prints, among this test's plans, their rows and digest sender. */
async function listed(query: string, plans: string[]): Promise<string[]> {
  const rows = JSON.parse(await temporal(['workflow', 'list', '--query', query, '-o', 'json'])) as { execution: { workflowId: string } }[];
  const ours = (id: string) => id === digestWorkflowId(taskQueue) || plans.some((p) => id === p || id.startsWith(`${p}/`));
  return rows.map((r) => r.execution.workflowId).filter(ours).sort();
}

/** Visibility lags behind the rows' upserts: ask until the listing says what the rows do. */
const listsExactly = (query: string, plans: string[], expected: string[]) => until(`${query} → ${expected.join(', ')}`, async () => JSON.stringify(await listed(query, plans)) === JSON.stringify([...expected].sort()), 90_000);

describe('the operator lists rows with temporal workflow list --query', () => {
  it('finds a unit\'s rows, its overdue rows, the rows due in a week, rows waiting for a deadline and evidence waiting for review; describe shows the summary', async () => {
    // Last year's plan (its deadlines passed, the rows overdue) and next year's (a week with deadlines, an unread one).
    const year = Number(isoDateAt(Date.now()).slice(0, 4));
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-visibility-plans-'));
    const planFile = (number: string, planYear: number, date: string, rows: [string, string, string][]) => {
      const path = join(dir, `${number.replace('/', '-')}.json`);
      const plan = { number, title: `Kế hoạch thử danh sách năm ${planYear}`, issuer: 'Sở KH&CN', date, year: planYear };
      writeFileSync(path, JSON.stringify({ plan, sections: [{ id: '1', title: 'Mục 1' }], rows: rows.map(([lead, deadline, content], i) => ({ section: '1', order: String(i + 1), content, lead, coordinating: '', deadline, output: 'Báo cáo kết quả', note: '' })) }));
      return path;
    };
    const last = planFile('61/KH-SKHCN', year - 1, `${year - 1}-03-05`, [
      ['Văn phòng Sở', `Chậm nhất ngày 15/12/${year - 1}`, 'Công khai danh sách cơ quan, đơn vị giải quyết chậm, muộn hồ sơ trên Cổng thông tin điện tử của tỉnh'],
      ['Thanh tra Sở', `Chậm nhất ngày 15/12/${year - 1}`, 'Kiểm tra việc giải quyết thủ tục hành chính'],
    ]);
    const next = planFile('62/KH-SKHCN', year + 1, `${year + 1}-01-05`, [
      ['Văn phòng Sở', `Chậm nhất ngày 15/06/${year + 1}`, 'Báo cáo kết quả rà soát thủ tục hành chính'],
      ['Văn phòng Sở', 'Theo tiến độ của Bộ', 'Rà soát theo chỉ đạo của Bộ'],
      ['Thanh tra Sở', `Chậm nhất ngày 15/06/${year + 1}`, 'Báo cáo kết quả thanh tra'],
    ]);
    const units = await readUnitsFile(join(ROOT, 'samples', 'units.json'));
    const [A, B] = [`61-KH-SKHCN-${year - 1}`, `62-KH-SKHCN-${year + 1}`];
    await importPlan(dev.env.client, await readPlanFile(last), units, { taskQueue });
    await importPlan(dev.env.client, await readPlanFile(next), units, { taskQueue });
    const plans = [A, B];

    const due = calendarFrom(rowCalendar(year + 1)).effectiveDue(`${year + 1}-06-15`);
    const monday = addDays(due, 1 - weekday(due));
    await listsExactly(operatorQueries.unitRows('vp'), plans, [`${A}/1.1`, `${B}/1.1`, `${B}/1.2`]);
    await listsExactly(operatorQueries.unitOverdue('vp'), plans, [`${A}/1.1`]);
    await listsExactly(operatorQueries.unitOverdue('tt'), plans, [`${A}/1.2`]);
    await listsExactly(operatorQueries.dueBetween(monday, addDays(monday, 6)), plans, [`${B}/1.1`, `${B}/1.3`]);
    await listsExactly(operatorQueries.dueBetween(addDays(monday, 7), addDays(monday, 13)), plans, []);
    await listsExactly(operatorQueries.waitingForDeadline(), plans, [`${B}/1.2`]);
    await listsExactly(`DondocPlan='${B}' AND DondocYear=${year + 1}`, plans, [`${B}/1.1`, `${B}/1.2`, `${B}/1.3`]);
    // The plan's registry carries its plan; the digest sender, the plan whose import started it.
    await listsExactly(`DondocPlan='${A}'`, plans, [A, `${A}/1.1`, `${A}/1.2`, digestWorkflowId(taskQueue)]);

    // Evidence moves the row out of the overdue list into the office's review list.
    await dev.env.client.workflow.getHandle(`${A}/1.1`).executeUpdate(submitEvidenceUpdate, { args: [{ occurrenceId: 'chinh', documentNumber: '12/BC-SKHCN', documentDate: isoDateAt(Date.now()), title: 'Báo cáo kết quả', submitter: { unitId: 'vp', name: 'Nguyễn Thị Thu Hà' } }] });
    await listsExactly(operatorQueries.awaitingReview(), plans, [`${A}/1.1`]);
    await listsExactly(operatorQueries.unitOverdue('vp'), plans, []);

    const described = await temporal(['workflow', 'describe', '--workflow-id', `${A}/1.1`]);
    expect(described).toMatch(/StaticSummary\s+"1\.1 · Văn phòng Sở · Công khai danh sách cơ quan, đơn vị giải quyết chậm, muộn hồ sơ…"/);
    expect(described).toContain('Mục 1.1: Công khai danh sách cơ quan, đơn vị giải quyết chậm, muộn hồ sơ trên Cổng thông tin điện tử của tỉnh');
    expect(await temporal(['workflow', 'describe', '--workflow-id', B])).toContain(`Danh sách dòng của kế hoạch 62/KH-SKHCN — Kế hoạch thử danh sách năm ${year + 1}`);
  }, 400_000);

  it('the README shows each of those queries as the operator types it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const { what, query } of README_EXAMPLES) expect(readme).toContain(`${listCommand(query)}   # ${what}`);
  });
});
