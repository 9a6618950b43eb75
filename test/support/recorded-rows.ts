import { MockActivityEnvironment } from '@temporalio/testing';
import { createReadModelActivities } from '../../activities/read-model';
import type { Store } from '../../activities/store/database';
import { NOTHING_RECORDED, rowChangeSince } from '../../domain/tracking/row-change';
import { Occurrence, RowState, UnitRef } from '../../domain/tracking/row-state';

/** One occurrence with its dates as literals; nothing submitted yet. */
export function occurrence(id: string, label: string, opensOn: string, nominal: string, effective: string): Occurrence {
  return { id, label, opensOn, originalNominal: nominal, nominal, effective, role: 'deadline', extensions: [], evidence: [] };
}

/** A row of plan 16/KH-SKHCN (2025) as its workflow would hold it, with the given occurrences. */
export function rowState(where: string, content: string, lead: UnitRef, deadlineText: string, occurrences: Occurrence[], expectedOutput = 'Báo cáo'): RowState {
  return {
    rowKey: `16-KH-SKHCN-2025/${where}`,
    spec: {
      planKey: '16-KH-SKHCN-2025',
      plan: { number: '16/KH-SKHCN', title: 'Kế hoạch kiểm soát TTHC', date: '2025-03-05', year: 2025 },
      where,
      content,
      lead,
      coordinating: [],
      deadlineText,
      expectedOutput,
      evidenceType: 'BC',
      schedule: { kind: 'unknown' } as RowState['spec']['schedule'],
    },
    occurrences,
    messages: [],
    log: [],
    needsDeadline: false,
  };
}

/** Records states through the real recordRow activity, as the workflows do. */
export function recorder(db: Store): (state: RowState, at: number) => Promise<void> {
  const { recordRow } = createReadModelActivities(db);
  return async (state, at) => {
    await new MockActivityEnvironment().run(recordRow, rowChangeSince(state, NOTHING_RECORDED, at)!.change);
  };
}
