import { EvidenceFileError } from '../activities/evidence-files';
import { PlanFileError } from '../activities/plan-files/errors';
import { UsageError } from './args';
import { PlanImportInProgress } from './plan-import';
import { CommandIo, ExitCode } from './io';
import { StoreUnavailable } from './store-client';
import { TemporalUnavailable } from './temporal-client';

/** The errors every command reports the same way: a wrong argument (1), an unreadable input, no Temporal or no database (2). */
export function reportCommandError(error: unknown, io: CommandIo): number {
  if (error instanceof UsageError || error instanceof EvidenceFileError) {
    io.err(error.message);
    return ExitCode.usage;
  }
  // Another import of the plan is running: nothing was changed, the person runs it again once that one is done.
  if (error instanceof PlanFileError || error instanceof TemporalUnavailable || error instanceof StoreUnavailable || error instanceof PlanImportInProgress) {
    io.err(error.message);
    return ExitCode.unreadable;
  }
  throw error;
}
