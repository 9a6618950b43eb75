/**
 * The executable behind bin/temporal-test-server. Two argument forms, as the SDK launches them:
 *   <port> [--search-attribute Name=Type]…          time-skipping test server
 *   server start-dev --port P [--ip A] [--namespace N] [--search-attribute Name=Type] …   dev server, time at wall speed
 * Logs go to stderr, quiet unless TEMPORAL_TEST_SERVER_LOG=debug. Shutdown is SIGKILL: no exit hooks are relied on.
 */
import * as grpc from '@grpc/grpc-js';
import { VirtualClock } from './clock';
import { Engine } from './engine';
import { buildService } from './proto';
import { testServiceHandlers, workflowServiceHandlers } from './workflow-service';

export interface ServerOptions {
  port: number;
  host: string;
  timeSkipping: boolean;
  searchAttributes: Map<string, string>;
}

export function parseArgs(argv: string[]): ServerOptions {
  const searchAttributes = new Map<string, string>();
  const take = (i: number) => {
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${argv[i]} needs a value`);
    return value;
  };
  let port: number | undefined;
  let host = '127.0.0.1';
  let timeSkipping = true;
  let i = 0;
  if (argv[0] === 'server' && argv[1] === 'start-dev') {
    timeSkipping = false;
    i = 2;
  }
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--search-attribute') {
      const [name, type] = take(i++).split('=');
      searchAttributes.set(name, type ?? 'Keyword');
    } else if (arg === '--port' || arg === '-p') port = Number(take(i++));
    else if (arg === '--ip') host = take(i++);
    else if (/^--(namespace|log-format|log-level|dynamic-config-value|db-filename|ui-port)$/.test(arg)) i++;
    else if (arg === '--headless') continue;
    else if (/^\d+$/.test(arg) && port === undefined) port = Number(arg);
  }
  if (!port || !Number.isInteger(port)) throw new Error(`usage: temporal-test-server <port> [--search-attribute Name=Type]… (got: ${argv.join(' ')})`);
  return { port, host, timeSkipping, searchAttributes };
}

export async function startServer(options: ServerOptions): Promise<{ server: grpc.Server; engine: Engine; port: number }> {
  const debug = process.env.TEMPORAL_TEST_SERVER_LOG === 'debug';
  // dondoc-only: start the virtual clock at a given instant (the demo replays 2025); Temporal's servers lack this.
  const start = process.env.DONDOC_TEST_SERVER_START ? Date.parse(process.env.DONDOC_TEST_SERVER_START) : undefined;
  if (start !== undefined && Number.isNaN(start)) throw new Error(`DONDOC_TEST_SERVER_START is not a date: ${process.env.DONDOC_TEST_SERVER_START}`);
  const engine = new Engine(new VirtualClock(options.timeSkipping, 1, start), { debug: (m) => debug && process.stderr.write(`[test-server] ${m}\n`) });
  for (const [name, type] of options.searchAttributes) engine.searchAttributeTypes.set(name, type);
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 128 * 1024 * 1024, 'grpc.max_send_message_length': 128 * 1024 * 1024 });
  const workflow = buildService('temporal.api.workflowservice.v1.WorkflowService', workflowServiceHandlers(engine));
  const test = buildService('temporal.api.testservice.v1.TestService', testServiceHandlers(engine));
  server.addService(workflow.definition, workflow.implementation);
  server.addService(test.definition, test.implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { server, engine, port };
}

export function main(argv = process.argv.slice(2)): void {
  let options: ServerOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  startServer(options).then(
    ({ port }) => {
      if (process.env.TEMPORAL_TEST_SERVER_LOG) process.stderr.write(`[test-server] listening on ${options.host}:${port} (time skipping ${options.timeSkipping ? 'on' : 'off'})\n`);
    },
    (error: unknown) => {
      process.stderr.write(`temporal-test-server: cannot listen on ${options.host}:${options.port}: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
