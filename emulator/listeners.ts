// The two listeners, on loopback only: http for every service, https for Entra (MSAL requires it).

import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { CA_CERT_PATH, TLS_KEY_PATH } from './state.ts';

export interface Listeners {
  httpPort: number;
  httpsPort: number;
  /** Closes both listeners and every open connection. */
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only, always.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function openListeners(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  ports: { http: number; https: number },
): Promise<Listeners> {
  const onRequest = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
  const httpServer = createHttpServer(onRequest);
  const httpsServer = createHttpsServer({ key: readFileSync(TLS_KEY_PATH), cert: readFileSync(CA_CERT_PATH) }, onRequest);
  const servers: Server[] = [httpServer, httpsServer];
  const sockets = new Set<Socket>();
  for (const server of servers) {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  }
  const close = async (): Promise<void> => {
    const closed = Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    httpServer.closeAllConnections();
    httpsServer.closeAllConnections();
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  try {
    return { httpPort: await listen(httpServer, ports.http), httpsPort: await listen(httpsServer, ports.https), close };
  } catch (err) {
    await close();
    throw err;
  }
}
