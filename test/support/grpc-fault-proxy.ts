import { connect, createServer, IncomingHttpHeaders, OutgoingHttpHeaders, ServerHttp2Session } from 'node:http2';
import { AddressInfo } from 'node:net';

/**
 * A busy Temporal, as a loaded cluster behaves: a call answered "context deadline exceeded" either before it reaches
 * the server ('lost-request') or after the server applied it ('lost-answer'). Every other call goes through unchanged.
 */
export type Fault = 'lost-request' | 'lost-answer' | undefined;

export interface GrpcFaultProxy {
  address: string;
  /** How many calls of a method (e.g. StartWorkflowExecution) came through, faulted or not. */
  calls(method: string): number;
  /** Which of them were answered with a fault. */
  faulted(method: string): number;
  close(): Promise<void>;
}

const BUSY = { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '4', 'grpc-message': 'context deadline exceeded' };

/** Response headers without HTTP/2's own, which the server stream sets itself. */
const forwardable = (headers: IncomingHttpHeaders): OutgoingHttpHeaders => Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(':') || name === ':status'));

/**
 * An HTTP/2 proxy on loopback in front of a Temporal server's gRPC port; `decide` is asked for each call, with the
 * method's name and how many calls of it came before (0 for the first).
 */
export async function startGrpcFaultProxy(upstream: string, decide: (method: string, seen: number) => Fault): Promise<GrpcFaultProxy> {
  const session = connect(`http://${upstream}`);
  session.on('error', () => undefined);
  const counts = new Map<string, number>();
  const faults = new Map<string, number>();
  const server = createServer();
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    const method = String(headers[':path']).split('/').pop() ?? '';
    const seen = counts.get(method) ?? 0;
    counts.set(method, seen + 1);
    const fault = decide(method, seen);
    if (fault) faults.set(method, (faults.get(method) ?? 0) + 1);
    if (fault === 'lost-request') {
      stream.resume();
      stream.respond(BUSY, { endStream: true });
      return;
    }
    const request: OutgoingHttpHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== ':authority' && name !== ':scheme'));
    const up = session.request(request);
    up.on('error', () => stream.close());
    stream.pipe(up);
    if (fault === 'lost-answer') {
      // Applied upstream; the caller hears only that its deadline passed.
      up.resume();
      up.on('close', () => stream.respond(BUSY, { endStream: true }));
      return;
    }
    let trailers: IncomingHttpHeaders = {};
    up.on('trailers', (t) => (trailers = t));
    up.on('response', (answer) => {
      // A trailers-only answer (an error) carries its status in the headers and ends there.
      if (answer['grpc-status'] !== undefined) return stream.respond(forwardable(answer), { endStream: true });
      stream.respond(forwardable(answer), { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers(forwardable(trailers)));
      up.pipe(stream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: (method) => counts.get(method) ?? 0,
    faulted: (method) => faults.get(method) ?? 0,
    close: async () => {
      session.destroy();
      for (const s of sessions) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
