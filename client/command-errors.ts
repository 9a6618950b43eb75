import { PlanFileError } from '../activities/plan-files/errors';
import { UsageError } from './args';
import { CommandIo, ExitCode } from './io';
import { TemporalUnavailable } from './temporal-client';

/** The errors every command reports the same way: a wrong argument (1), an unreadable input or no Temporal (2). */
export function reportCommandError(error: unknown, io: CommandIo): number {
  if (error instanceof UsageError) {
    io.err(error.message);
    return ExitCode.usage;
  }
  if (error instanceof PlanFileError || error instanceof TemporalUnavailable) {
    io.err(error.message);
    return ExitCode.unreadable;
  }
  throw error;
}
