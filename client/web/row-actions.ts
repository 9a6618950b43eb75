import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { rowContacts, UnitsDirectory } from '../../domain/plan/units';
import { OccurrenceStatus } from '../../domain/tracking/row-state';
import type { OfficeTimeliness } from '../../domain/tracking/timeliness';
import { onRow, RowEnded, TemporalUnavailable, WorkerUnavailable } from '../temporal-client';
import { EvidenceSubmission, RowContacts, cancelUpdate, extendDeadlineUpdate, reassignUpdate, reviewEvidenceUpdate, submitEvidenceUpdate, triggerUpdate } from '../../workflows/definitions';

/**
 * The web's actions are the row workflow's updates, the same the CLI sends: the workflow's validators decide,
 * and their Vietnamese refusal comes back as `refused`. There is no other write path.
 */
export type ActionResult<T> = { ok: true; value: T } | { ok: false; refused: string };

/** One update on a row, answered within the action budget (see onRow): done, refused, or not recorded. */
async function attempt<T>(client: Client, rowKey: string, fn: (handle: WorkflowHandle, notAfter: number) => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await onRow(client, rowKey, 'write', (notAfter) => fn(client.workflow.getHandle(rowKey), notAfter)) };
  } catch (error) {
    // The validators speak to both the CLI and the web: a flag name becomes the field's name here.
    if (error instanceof WorkflowUpdateFailedError) return { ok: false, refused: (error.cause?.message ?? error.message).replace('(--han)', '(ô "Hạn do văn bản ấn định")') };
    if (error instanceof WorkflowNotFoundError) return { ok: false, refused: 'Nhiệm vụ này không còn được theo dõi (máy chủ nhắc việc không còn giữ dòng kế hoạch này).' };
    if (error instanceof WorkerUnavailable || error instanceof TemporalUnavailable || error instanceof RowEnded) return { ok: false, refused: error.message };
    throw error;
  }
}

export const submitEvidence = (client: Client, rowKey: string, s: EvidenceSubmission) =>
  attempt(client, rowKey, (h, notAfter) => h.executeUpdate(submitEvidenceUpdate, { args: [{ ...s, notAfter }] }));

export const reviewEvidence = (client: Client, rowKey: string, occurrenceId: string, decision: 'accept' | 'return', reason: string, reviewer: string, timeliness?: OfficeTimeliness): Promise<ActionResult<OccurrenceStatus>> =>
  attempt(client, rowKey, (h, notAfter) => h.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId, decision, ...(decision === 'return' ? { reason } : {}), ...(decision === 'accept' && timeliness ? { timeliness } : {}), reviewer, notAfter }] }));

export const triggerRow = (client: Client, rowKey: string, document: string, date: string, deadline: string | undefined, by: string) =>
  attempt(client, rowKey, (h, notAfter) => h.executeUpdate(triggerUpdate, { args: [{ document, date, ...(deadline ? { deadline } : {}), by, notAfter }] }));

export const extendDeadline = (client: Client, rowKey: string, occurrenceId: string, to: string, document: string, by: string) =>
  attempt(client, rowKey, (h, notAfter) => h.executeUpdate(extendDeadlineUpdate, { args: [{ occurrenceId, to, document, by, notAfter }] }));

export const cancelRow = (client: Client, rowKey: string, reason: string, by: string) => attempt(client, rowKey, (h, notAfter) => h.executeUpdate(cancelUpdate, { args: [{ reason, by, notAfter }] }));

/** Who hears about a row led by `leadId`, from the units directory, as plan import builds it. */
export function contactsFor(units: UnitsDirectory, leadId: string, coordinatingIds: string[]): RowContacts {
  return rowContacts(units, leadId, coordinatingIds)!;
}

export const reassignRow = (client: Client, rowKey: string, units: UnitsDirectory, leadId: string, coordinatingIds: string[], document: string, by: string) => {
  const lead = units.units.find((u) => u.id === leadId)!;
  return attempt(client, rowKey, (h, notAfter) => h.executeUpdate(reassignUpdate, { args: [{ lead: { id: lead.id, name: lead.name }, contacts: contactsFor(units, leadId, coordinatingIds), document, by, notAfter }] }));
};
