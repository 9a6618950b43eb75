import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { rowContacts, UnitsDirectory } from '../../domain/plan/units';
import { OccurrenceStatus } from '../../domain/tracking/row-state';
import { EvidenceSubmission, RowContacts, cancelUpdate, extendDeadlineUpdate, reassignUpdate, reviewEvidenceUpdate, submitEvidenceUpdate, triggerUpdate } from '../../workflows/definitions';

/**
 * The web's actions are the row workflow's updates, the same the CLI sends: the workflow's validators decide,
 * and their Vietnamese refusal comes back as `refused`. There is no other write path.
 */
export type ActionResult<T> = { ok: true; value: T } | { ok: false; refused: string };

async function attempt<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    // The validators speak to both the CLI and the web: a flag name becomes the field's name here.
    if (error instanceof WorkflowUpdateFailedError) return { ok: false, refused: (error.cause?.message ?? error.message).replace('(--han)', '(ô "Hạn do văn bản ấn định")') };
    if (error instanceof WorkflowNotFoundError) return { ok: false, refused: 'Nhiệm vụ này không còn được theo dõi (không tìm thấy workflow của dòng kế hoạch).' };
    throw error;
  }
}

export const submitEvidence = (client: Client, rowKey: string, s: EvidenceSubmission) =>
  attempt(() => client.workflow.getHandle(rowKey).executeUpdate(submitEvidenceUpdate, { args: [s] }));

export const reviewEvidence = (client: Client, rowKey: string, occurrenceId: string, decision: 'accept' | 'return', reason: string, reviewer: string): Promise<ActionResult<OccurrenceStatus>> =>
  attempt(() => client.workflow.getHandle(rowKey).executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId, decision, ...(decision === 'return' ? { reason } : {}), reviewer }] }));

export const triggerRow = (client: Client, rowKey: string, document: string, date: string, deadline: string | undefined, by: string) =>
  attempt(() => client.workflow.getHandle(rowKey).executeUpdate(triggerUpdate, { args: [{ document, date, ...(deadline ? { deadline } : {}), by }] }));

export const extendDeadline = (client: Client, rowKey: string, occurrenceId: string, to: string, document: string, by: string) =>
  attempt(() => client.workflow.getHandle(rowKey).executeUpdate(extendDeadlineUpdate, { args: [{ occurrenceId, to, document, by }] }));

export const cancelRow = (client: Client, rowKey: string, reason: string, by: string) => attempt(() => client.workflow.getHandle(rowKey).executeUpdate(cancelUpdate, { args: [{ reason, by }] }));

/** Who hears about a row led by `leadId`, from the units directory, as plan import builds it. */
export function contactsFor(units: UnitsDirectory, leadId: string, coordinatingIds: string[]): RowContacts {
  return rowContacts(units, leadId, coordinatingIds)!;
}

export const reassignRow = (client: Client, rowKey: string, units: UnitsDirectory, leadId: string, coordinatingIds: string[], document: string, by: string) => {
  const lead = units.units.find((u) => u.id === leadId)!;
  return attempt(() => client.workflow.getHandle(rowKey).executeUpdate(reassignUpdate, { args: [{ lead: { id: lead.id, name: lead.name }, contacts: contactsFor(units, leadId, coordinatingIds), document, by }] }));
};
