import type { Store } from '../../activities/store/database';
import type { Occurrence, RowState, UnitRef } from '../../domain/tracking/row-state';
import { occurrence, recorder, rowState } from './recorded-rows';

/**
 * A read model holding two plans that share row numbers, as an office has after importing the 2025 sample and trying
 * it as the 2026 plan: both have a "5.11" of the same unit. Recorded through the real read-model activity, at fixed
 * instants, so lists, reports and the README's excerpts read the same on every run.
 */
export const VP: UnitRef = { id: 'vp', name: 'Văn phòng Sở' };
export const PTCN: UnitRef = { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' };
export const KHTC: UnitRef = { id: 'khtc', name: 'Phòng Kế hoạch - Tài chính' };

export const PLAN_2025 = '16-KH-SKHCN-2025';
export const PLAN_2026 = '16-KH-SKHCN-2026';
/** The day the lists are read at: both plans' rows 5.11 are overdue by then. */
export const AS_OF = '15/05/2026';

export const LONG_TASK =
  'Rà soát, cập nhật, công bố, công khai đầy đủ, kịp thời thủ tục hành chính thuộc phạm vi quản lý của Sở trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, Cổng Dịch vụ công quốc gia và Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; niêm yết tại Bộ phận Một cửa theo đúng quy định của Chính phủ và hướng dẫn của Văn phòng Chính phủ';

function inPlan(state: RowState, year: number): RowState {
  const key = `16-KH-SKHCN-${year}`;
  const title = year === 2025 ? 'Kế hoạch kiểm soát thủ tục hành chính năm 2025' : `Kế hoạch kiểm soát thủ tục hành chính năm 2025 (bản thử: mọi ngày tháng chuyển sang năm ${year})`;
  return { ...state, rowKey: `${key}/${state.spec.where}`, spec: { ...state.spec, planKey: key, plan: { ...state.spec.plan, title, date: `${year}-03-05`, year } } };
}

const withEvidence = (o: Occurrence, unit: UnitRef, number: string, date: string, at: number): Occurrence => ({
  ...o,
  evidence: [{ id: 'e1', documentNumber: number, documentDate: date, title: 'Báo cáo kết quả', files: [], submitter: { unitId: unit.id, name: 'Võ Thanh Tùng' }, submittedAt: at }],
});

const at = (iso: string) => Date.parse(`${iso}T08:00:00+07:00`);

/** The rows of both plans, recorded into `db`. */
export async function recordTwoPlans(db: Store): Promise<void> {
  const record = recorder(db);
  for (const year of [2025, 2026]) {
    const y = String(year);
    const rows: RowState[] = [
      rowState('5.11', 'Cập nhật cơ sở dữ liệu quốc gia về thủ tục hành chính', PTCN, 'Tháng 4', [occurrence('chinh', '', `${y}-03-05`, `${y}-04-30`, `${y}-04-30`)]),
      rowState('1.3', LONG_TASK, VP, 'Quý I', [occurrence('chinh', '', `${y}-03-05`, `${y}-03-31`, `${y}-03-31`)]),
      rowState('3.4', 'Công khai danh sách cơ quan, đơn vị, cán bộ, công chức, viên chức giải quyết chậm, muộn hồ sơ', VP, 'Ngày 05 hàng tháng', [
        occurrence(`${y}-04`, `kỳ 04/${y}`, `${y}-04-01`, `${y}-04-05`, `${y}-04-06`),
      ]),
      rowState('1.2', 'Rà soát, đánh giá quy định thủ tục hành chính', KHTC, 'Trước 15/4', [
        withEvidence(occurrence('chinh', '', `${y}-03-05`, `${y}-04-14`, `${y}-04-14`), KHTC, `${year === 2025 ? 41 : 42}/BC-KHTC`, `${y}-04-10`, at(`${y}-04-11`)),
      ]),
    ];
    for (const row of rows) await record(inPlan(row, year), at(`${y}-03-05`));
  }
}
