import { openStore } from '../../activities/store/database';
import { postgresUnavailable, startTestPostgres, TestPostgres } from '../support/postgres';
import { readModelContract } from './read-model-contract';

let pg: TestPostgres | undefined;
afterAll(async () => pg?.stop());

// The issue asks for PostgreSQL "when available": CI installs it and sets DONDOC_REQUIRE_POSTGRES=1, so there it always
// runs and a missing server fails the suite; on a developer machine without it, the suite says so and is skipped.
const missing = postgresUnavailable();
if (missing && process.env.DONDOC_REQUIRE_POSTGRES === '1') throw new Error(missing);
if (missing) console.warn(`[read-model-postgres] skipped: ${missing}`);

(missing ? describe.skip : describe)('the read model on PostgreSQL (DATABASE_URL)', () => {
  readModelContract(async () => {
    pg = await startTestPostgres();
    console.info(`[read-model-postgres] PostgreSQL: ${pg.source}`);
    return openStore({ databaseUrl: pg.url, sqlitePath: 'unused' });
  });
});
