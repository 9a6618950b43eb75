import { ReminderPolicy } from '../policy/reminders';
import { RowSpec } from '../tracking/row-state';

interface Person {
  name: string;
  email: string;
}

/**
 * What of a row a re-import may change: wording, owner, coordination, deadline, expected output. Kept in the
 * workflow's memo as the file last said it, so a re-import compares without asking every workflow, and a
 * reassignment decided later is not undone by re-importing an unchanged file.
 */
export function importFingerprint(spec: RowSpec, policy: Partial<ReminderPolicy> = {}, contacts?: { head: Person; leader: Person; office: Person; coordinating: Person[] }): string {
  const fields: unknown[] = [spec.content, spec.lead.id, spec.coordinating.map((u) => u.id), spec.deadlineText, spec.deadlineContext ?? '', spec.expectedOutput, spec.evidenceType, spec.note ?? ''];
  // Who the row mails: a new head or address in the units directory reaches running rows through re-import.
  if (contacts) fields.push([contacts.head, contacts.leader, contacts.office, ...contacts.coordinating].map((p) => `${p.name} <${p.email.toLowerCase()}>`));
  // The policy joins the fingerprint only when the plan sets one, so fingerprints of default-policy rows stay as they were.
  const own = Object.keys(policy).sort().map((k) => [k, policy[k as keyof ReminderPolicy]]);
  return JSON.stringify(own.length > 0 ? [...fields, own] : fields);
}

export const FINGERPRINT_MEMO = 'importFingerprint';
