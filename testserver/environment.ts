/**
 * The one way tests, the demo and benchmarks get a Temporal service. In order of preference:
 *   TEMPORAL_ADDRESS           an existing cluster (no time skipping);
 *   TEMPORAL_TEST_SERVER_PATH  any test-server executable, e.g. Temporal's own;
 *   otherwise                  dondoc's in-memory server, bin/temporal-test-server.
 */
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';

export interface TemporalEnvironment {
  env: TestWorkflowEnvironment;
  /** Which server answered, for test output. */
  server: string;
  timeSkipping: boolean;
}

export const BUNDLED_TEST_SERVER = join(__dirname, '..', 'bin', 'temporal-test-server');

export interface EnvironmentOptions {
  /** Custom search attributes to register, e.g. { RowKey: 'Keyword', DueDate: 'Datetime' }. */
  searchAttributes?: Record<string, 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList'>;
}

export async function startTemporalEnvironment(options: EnvironmentOptions = {}): Promise<TemporalEnvironment> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (address) {
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
    return { env, server: `existing cluster at ${address}`, timeSkipping: false };
  }
  const path = process.env.TEMPORAL_TEST_SERVER_PATH ?? BUNDLED_TEST_SERVER;
  // SDK 1.24's time-skipping config has no search-attribute option: ours takes them as extra arguments.
  const extraArgs = path === BUNDLED_TEST_SERVER ? Object.entries(options.searchAttributes ?? {}).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]) : [];
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path }, extraArgs } });
  return { env, server: path === BUNDLED_TEST_SERVER ? "dondoc's in-memory test server (bin/temporal-test-server)" : `test server at ${path}`, timeSkipping: true };
}
