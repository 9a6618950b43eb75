import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import type { YearDecision } from '../../domain/calendar/decisions';
import { rowCalendar } from '../../domain/calendar/snapshot';
import { calendarUpdate, stateQuery } from '../../workflows/definitions';
import { rowWorkflow } from '../../workflows/row';
import { replayHistories } from '../support/replay';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('calendar-change');
});
afterAll(() => h?.teardown());

const root = join(__dirname, '..', '..');

/** A decision for 2035 as the office would add it: Wednesday 25 and Thursday 26 April become days off. */
const DECISION_2035: YearDecision = {
  year: 2035,
  sources: ['Quyết định thử 01/QĐ-TTg'],
  holidays: [
    { date: '2035-04-25', name: 'Nghỉ thử' },
    { date: '2035-04-26', name: 'Nghỉ thử' },
    { date: '2035-04-30', name: 'Ngày Chiến thắng' },
    { date: '2035-05-01', name: 'Ngày Quốc tế Lao động' },
  ],
  swappedDaysOff: [],
};

/** The workflow code as it would be after the office edits the decision files: a copy with a 2035 decision added. */
async function bundleWithEditedDecisions() {
  const copy = mkdtempSync(join(tmpdir(), 'dondoc-edited-calendar-'));
  for (const dir of ['workflows', 'domain']) cpSync(join(root, dir), join(copy, dir), { recursive: true });
  writeFileSync(join(copy, 'domain', 'calendar', 'decisions', '2035.json'), JSON.stringify(DECISION_2035));
  const decisions = join(copy, 'domain', 'calendar', 'decisions.ts');
  const source = readFileSync(decisions, 'utf8');
  const edited = source.replace("import y2026 from './decisions/2026.json';", "import y2026 from './decisions/2026.json';\nimport y2035 from './decisions/2035.json';").replace('[y2025, y2026]', '[y2025, y2026, y2035]');
  expect(edited).not.toBe(source);
  writeFileSync(decisions, edited);
  return bundleWorkflowCode({
    workflowsPath: join(copy, 'workflows', 'index.ts'),
    logger: new DefaultLogger('WARN'),
    // The copy lives outside the project: its packages still come from the project's node_modules.
    webpackConfigHook: (config) => ({ ...config, resolve: { ...config.resolve, modules: [join(root, 'node_modules'), 'node_modules'] } }),
  });
}

describe('a changed holiday calendar', () => {
  it('leaves running rows replaying cleanly after a decision file is edited, until the calendar update moves their deadlines', async () => {
    // Due Wednesday 25/04/2035; the first escalation went out at 08:00 on Thursday 26/04. Under the edited calendar
    // both days are off: the escalation would not be due yet at that point of the history.
    const spec = rowSpec('5.9', 'Chậm nhất ngày 25/4/2035', 'Báo cáo kết quả');
    const rowKey = `${spec.planKey}/${spec.where}`;
    const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: rowKey, args: [{ spec, contacts: CONTACTS, calendar: rowCalendar(spec.plan.year) }] });
    // No workflow cache: the row moves to another worker, and the time-skipping server never releases a stopped
    // worker's sticky queue (see the reliability test).
    const original = await h.worker({ maxCachedWorkflows: 0 });
    await original.runUntil(() => h.advanceTo('2035-04-26T09:00'));
    expect(h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key'))).filter((k) => k.startsWith(`${rowKey}/`))).toContain(`${rowKey}/chinh/qua-han-1`);

    const edited = await bundleWithEditedDecisions();
    expect(await replayHistories(edited, [{ workflowId: rowKey, history: await handle.fetchHistory() }])).toBe(1);

    const afterEdit = await h.worker({ workflowBundle: edited, maxCachedWorkflows: 0 });
    await afterEdit.runUntil(async () => {
      const { moved } = await handle.executeUpdate(calendarUpdate, { args: [{ decisions: [DECISION_2035], document: 'Quyết định thử 01/QĐ-TTg' }] });
      expect(moved).toEqual([{ occurrenceId: 'chinh', from: '2035-04-25', to: '2035-04-27' }]);
      const view = await handle.query(stateQuery);
      expect(view.state.occurrences[0]).toMatchObject({ nominal: '2035-04-25', effective: '2035-04-27' });
      expect(view.state.log.at(-1)?.text).toBe('Lịch nghỉ thay đổi theo Quyết định thử 01/QĐ-TTg: hạn lần thực hiện chính chuyển từ 25/04/2035 sang 27/04/2035.');
      const mail = h.smtp.mails.find((m) => m.headers.get('x-dondoc-key') === `${rowKey}/chinh/doi-han-2035-04-27`)!;
      expect(mail.subject).toBe('[Đổi hạn] 5.9 — hạn mới 27/04/2035: Rà soát, cập nhật thông tin thủ tục hành chính');
      expect(mail.text).toContain('Do lịch nghỉ thay đổi (Quyết định thử 01/QĐ-TTg), hạn của nhiệm vụ dưới đây chuyển từ 25/04/2035 sang 27/04/2035.');
      await handle.terminate('kết thúc kiểm thử');
    });
  });
});
