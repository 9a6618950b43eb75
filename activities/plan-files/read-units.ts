import { UnitsDirectory, unitsDirectorySchema } from '../../domain/plan/units';
import { readJsonFile } from './read-json';

/** Reads and validates a units directory (units.json); errors name the field path. */
export function readUnitsFile(path: string): Promise<UnitsDirectory> {
  return readJsonFile(path, unitsDirectorySchema, 'danh bạ đơn vị');
}
