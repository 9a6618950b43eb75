import type { OperatorService } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../workflows/definitions';

const ALREADY_EXISTS = 6;

/**
 * Registers dondoc's custom search attributes on the namespace, so a plain `temporal server start-dev` (or the
 * time-skipping server, which knows only its predefined ones) just works. Idempotent: an attribute that exists
 * already is fine; a namespace that holds it with another type is an error worth stopping for.
 */
export async function registerSearchAttributes(connection: { operatorService: OperatorService }, namespace: string): Promise<void> {
  // One at a time: the server refuses a whole batch when any one of it exists already.
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { [name]: temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${type}`] } });
    } catch (error) {
      if ((error as { code?: number }).code !== ALREADY_EXISTS) throw error;
    }
  }
}
