/** A proxy's CONNECT tunnel, as the e2e proxies open one: to `to`, its sockets kept in `open` for closing. */
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export function tunnel(client: Duplex, head: Buffer, to: { host: string; port: number }, open: Set<{ destroy(): void }>): void {
  open.add(client);
  const upstream: Socket = connect(to.port, to.host, () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  open.add(upstream);
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
}
