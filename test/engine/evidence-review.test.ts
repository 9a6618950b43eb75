import { WorkflowUpdateFailedError } from '@temporalio/client';
import { rowWorkflow } from '../../workflows/row';
import { reviewEvidenceUpdate, stateQuery, submitEvidenceUpdate } from '../../workflows/definitions';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('evidence-review');
});
afterAll(() => h?.teardown());

const submitter = { unitId: 'vp', name: 'Nguyễn Thị Thu Hà' };
const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e as WorkflowUpdateFailedError);

describe('evidence and review', () => {
  it('rejects evidence from another unit or of the wrong document type with a Vietnamese reason', async () => {
    const spec = rowSpec('2.6', 'Trước ngày 05/9/2035', 'Báo cáo kết quả rà soát, đánh giá thủ tục hành chính');
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/${spec.where}`, args: [{ spec, contacts: CONTACTS }] });
      await h.advanceTo('2035-03-06T09:00');
      const base = { occurrenceId: 'chinh', documentDate: '2035-08-20', title: 'Báo cáo kết quả rà soát' };
      const otherUnit = await failure(handle.executeUpdate(submitEvidenceUpdate, { args: [{ ...base, documentNumber: '662/BC-SKHCN', submitter: { unitId: 'tt', name: 'Đặng Văn Lợi' } }] }));
      expect(otherUnit).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(otherUnit!.cause?.message).toBe('Người nộp thuộc đơn vị "tt", không phải đơn vị chủ trì (Văn phòng Sở).');
      const wrongType = await failure(handle.executeUpdate(submitEvidenceUpdate, { args: [{ ...base, documentNumber: '45/SKHCN-VP', submitter }] }));
      expect(wrongType!.cause?.message).toBe('Kết quả cần nộp là Báo cáo (BC), nhưng văn bản 45/SKHCN-VP là Công văn.');
      const malformed = await failure(handle.executeUpdate(submitEvidenceUpdate, { args: [{ ...base, documentNumber: 'BC 662', submitter }] }));
      expect(malformed!.cause?.message).toContain('không đúng dạng số/ký hiệu');
      const unknown = await failure(handle.executeUpdate(submitEvidenceUpdate, { args: [{ ...base, occurrenceId: 'khong-co', documentNumber: '662/BC-SKHCN', submitter }] }));
      expect(unknown!.cause?.message).toContain('Không có lần thực hiện "khong-co"');
      const view = await handle.query(stateQuery);
      expect(view.state.occurrences[0].evidence).toEqual([]);
      expect(view.statuses.chinh).toBe('dang-thuc-hien-trong-han');
      await handle.terminate('kết thúc kiểm thử');
    });
  });

  it('reopens the occurrence when the office returns evidence, tells the unit why, and completes it on time once accepted', async () => {
    const spec = rowSpec('5.9', 'Trước ngày 30 tháng 4 năm 2035', 'Báo cáo kết quả');
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/${spec.where}-return`, args: [{ spec, contacts: CONTACTS }] });
      await h.advanceTo('2035-04-10T09:00');
      const submit = (documentNumber: string) =>
        handle.executeUpdate(submitEvidenceUpdate, { args: [{ occurrenceId: 'chinh', documentNumber, documentDate: '2035-04-10', title: 'Báo cáo kết quả', submitter }] });
      expect((await submit('101/BC-SKHCN')).status).toBe('cho-xac-nhan');
      const blocked = await failure(submit('102/BC-SKHCN'));
      expect(blocked!.cause?.message).toContain('đang chờ Văn phòng xác nhận');
      const noReason = await failure(handle.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId: 'chinh', decision: 'return', reviewer: 'Văn phòng Sở' }] }));
      expect(noReason!.cause?.message).toContain('cần ghi lý do');
      expect(await handle.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId: 'chinh', decision: 'return', reason: 'Thiếu phụ lục số liệu', reviewer: 'Văn phòng Sở' }] })).toBe('dang-thuc-hien-trong-han');
      const returned = h.smtp.mails.find((m) => m.subject?.startsWith('[Trả lại minh chứng]'))!;
      expect(returned.text).toContain('Văn phòng Sở trả lại minh chứng với lý do: Thiếu phụ lục số liệu');
      await submit('103/BC-SKHCN');
      expect(await handle.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId: 'chinh', decision: 'accept', reviewer: 'Văn phòng Sở' }] })).toBe('hoan-thanh-dung-han');
      const state = await handle.result();
      expect(state.occurrences[0].outcome).toBe('on-time');
      expect(state.occurrences[0].evidence.map((e) => [e.documentNumber, e.review?.decision])).toEqual([
        ['101/BC-SKHCN', 'return'],
        ['103/BC-SKHCN', 'accept'],
      ]);
    });
  });
});
