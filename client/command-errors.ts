import { EvidenceFileError } from '../activities/evidence-files';
import { PlanFileError } from '../activities/plan-files/errors';
import { UsageError } from './args';
import { PlanImportInProgress, PlanImportInterrupted } from './plan-import';
import { CommandIo, ExitCode } from './io';
import { StoreUnavailable } from './store-client';
import { RowEnded, TemporalUnavailable, WorkerUnavailable } from './temporal-client';

/**
 * The errors every command reports the same way, without a stack trace: a wrong argument or an ended row (1), an
 * unreadable input, no Temporal or no database (2), no worker to record the action (3). The list is in the README.
 */
export function reportCommandError(error: unknown, io: CommandIo): number {
  if (error instanceof WorkerUnavailable) {
    io.err(error.message);
    return ExitCode.unavailable;
  }
  if (error instanceof UsageError || error instanceof EvidenceFileError || error instanceof RowEnded) {
    io.err(error.message);
    return ExitCode.usage;
  }
  // Another import of the plan is running: nothing was changed, the person runs it again once that one is done.
  // Temporal stayed busy midway through an import: what was done is kept, and running it again goes on.
  if (error instanceof PlanFileError || error instanceof TemporalUnavailable || error instanceof StoreUnavailable || error instanceof PlanImportInProgress || error instanceof PlanImportInterrupted) {
    io.err(error.message);
    return ExitCode.unreadable;
  }
  throw error;
}
