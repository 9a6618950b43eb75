import { RowSpec } from '../tracking/row-state';

/**
 * What of a row a re-import may change: wording, owner, coordination, deadline, expected output. Kept in the
 * workflow's memo as the file last said it, so a re-import compares without asking every workflow, and a
 * reassignment decided later is not undone by re-importing an unchanged file.
 */
export function importFingerprint(spec: RowSpec): string {
  return JSON.stringify([spec.content, spec.lead.id, spec.coordinating.map((u) => u.id), spec.deadlineText, spec.deadlineContext ?? '', spec.expectedOutput, spec.evidenceType, spec.note ?? '']);
}

export const FINGERPRINT_MEMO = 'importFingerprint';
