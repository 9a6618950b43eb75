/**
 * A row's own mail (plans with `"digest": false`, rows started by hand), under the digest's rules: the address comes
 * from the newest saved units directory when it was saved after the row learned its contacts, a refusal of the sending
 * side is shown to the office until a send goes through, and a refused address is listed to the office.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { MessageRoles, roleAddresses, rowContacts } from '../domain/plan/units';
import { ActivityError } from './errors';
import type { OutgoingMessage } from './notifications';
import { latestUnitsDirectory } from './store/accounts';
import type { Store } from './store/database';
import { clearServerRefusal, clearStepMailFailure, noteServerRefusal, noteStepMailFailure, StepMailFailure } from './store/mail-outcomes';

export interface StepMessage extends OutgoingMessage {
  rowKey: string;
  roles: MessageRoles;
  /** The row's lead and coordinating units' ids, to find the role holders in the directory. */
  units: { lead: string; coordinating: string[] };
  /** When the row last learned its contacts (start, re-import, reassignment): only a directory saved later wins. */
  contactsAt: number;
}

export interface StepMailResult {
  sent: boolean;
  /** The addresses the mail went to (the row records them). */
  to: string[];
  cc: string[];
}

type SendMessage = (message: OutgoingMessage) => Promise<{ sent: boolean }>;

export function createStepMailActivities(db: Store, sendMessage: SendMessage) {
  async function addresses(m: StepMessage): Promise<{ to: string[]; cc: string[] }> {
    const latest = await latestUnitsDirectory(db);
    const current = latest && latest.savedAt > m.contactsAt ? rowContacts(latest.directory, m.units.lead, m.units.coordinating) : undefined;
    return current ? roleAddresses(current, m.roles) : { to: m.to, cc: m.cc };
  }

  return {
    /** One step of a row, to whoever holds each role now; retried by the row's policy, recorded once in the ledger. */
    async sendStepMessage(m: StepMessage): Promise<StepMailResult> {
      const { to, cc } = await addresses(m);
      const at = m.at ?? Date.now();
      let sent: boolean;
      try {
        ({ sent } = await sendMessage({ ...m, to, cc }));
      } catch (error) {
        const type = error instanceof ApplicationFailure ? error.type : undefined;
        if (type === ActivityError.MailServerRefused) await noteServerRefusal(db, (error as Error).message, at);
        if (type === ActivityError.MailRecipientRejected || type === ActivityError.ZaloRecipientRejected) {
          await noteStepMailFailure(db, { messageKey: m.key, rowKey: m.rowKey, subject: m.subject, recipients: [...to, ...cc], state: 'bi-tu-choi', error: (error as Error).message, failedAt: at });
        }
        throw error;
      }
      if (sent) await clearServerRefusal(db);
      await clearStepMailFailure(db, m.key);
      return { sent, to, cc };
    },

    /** A mail the row gave up on after 3 working days of temporary refusals: the office reads it beside the digests. */
    async noteStepUndelivered(failure: StepMailFailure): Promise<void> {
      await noteStepMailFailure(db, failure);
    },

    /** Whether the office saved the units directory after `at`: what was refused then is owed again. */
    async directorySavedAfter(at: number): Promise<boolean> {
      const latest = await latestUnitsDirectory(db);
      return latest !== null && latest.savedAt > at;
    },
  };
}

export type StepMailActivities = ReturnType<typeof createStepMailActivities>;
