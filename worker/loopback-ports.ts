/**
 * Ports for servers dondoc starts on loopback (Temporal, PostgreSQL, the web app in tests). A port is chosen here and
 * bound later by another process, so it must not be one the kernel may hand out meanwhile: the kernel's own picks
 * (a client's source port, a server's `listen(0)`, the Temporal CLI's internal services) come from the ephemeral range,
 * 32768–60999 on Linux. Below it, only another chooser like this one could take the port first.
 */
import { createServer } from 'node:net';

/** The highest port chosen: below the ephemeral range (which also keeps it within the cluster's smallint `rpc_port`). */
const HIGHEST_CHOSEN_PORT = 32_767;
const LOWEST_CHOSEN_PORT = 20_000;

export const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A free loopback port below the ephemeral range, none of `taken`. */
export async function freeLoopbackPort(taken: Set<number> = new Set()): Promise<number> {
  for (;;) {
    const port = LOWEST_CHOSEN_PORT + Math.floor(Math.random() * (HIGHEST_CHOSEN_PORT - LOWEST_CHOSEN_PORT));
    if (!taken.has(port) && (await portFree(port))) {
      taken.add(port);
      return port;
    }
  }
}
