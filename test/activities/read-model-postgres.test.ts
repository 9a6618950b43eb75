import { openStore } from '../../activities/store/database';
import { startTestPostgres, TestPostgres } from '../support/postgres';
import { readModelContract } from './read-model-contract';

let pg: TestPostgres | undefined;
afterAll(async () => pg?.stop());

describe('the read model on PostgreSQL (DATABASE_URL)', () => {
  readModelContract(async () => {
    pg = await startTestPostgres();
    console.info(`[read-model-postgres] PostgreSQL: ${pg.source}`);
    return openStore({ databaseUrl: pg.url, sqlitePath: 'unused' });
  });
});
