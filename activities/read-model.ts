import type { RowChange } from '../domain/tracking/row-change';
import type { Store } from './store/database';
import { recordRowChange } from './store/read-model';

/** Keeps the SQL read model in step with the row workflows: lists and reports read it, never the workflows. */
export function createReadModelActivities(db: Store) {
  return {
    async recordRow(change: RowChange): Promise<void> {
      await recordRowChange(db, change);
    },
  };
}

export type ReadModelActivities = ReturnType<typeof createReadModelActivities>;
