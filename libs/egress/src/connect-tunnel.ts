/**
 * CONNECT tunnels. Threat model: a tunnel carries bytes the proxy cannot read, so nothing in
 * it can be checked or given a secret; what the proxy controls is where it goes (the checked
 * address, never a fresh DNS answer), how long it may sit idle, and how long connecting may
 * take.
 */
import net, { type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EgressRecord } from './egress-record.js';
import { writeRawStatus } from './responses.js';
import type { EgressLimits } from './types.js';

export interface TunnelPlan {
  address: string;
  family: 4 | 6;
  port: number;
  rule: string;
}

/** Resolves when both sides have closed and the tunnel is recorded. */
export function openTunnel(
  client: Duplex,
  head: Buffer,
  plan: TunnelPlan,
  record: EgressRecord,
  limits: EgressLimits,
): Promise<void> {
  return new Promise((resolve) => {
    const upstream = net.connect({ host: plan.address, port: plan.port, family: plan.family });
    let established = false;
    let timedOut = false;
    const connectTimer = setTimeout(() => {
      timedOut = true;
      upstream.destroy(new Error('connect timeout'));
    }, limits.connectTimeoutMs);
    upstream.once('connect', () => {
      clearTimeout(connectTimer);
      established = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      splice(client, upstream, head, record, limits);
    });
    upstream.on('error', () => {
      if (established) return;
      clearTimeout(connectTimer);
      const status = timedOut ? 504 : 502;
      writeRawStatus(
        client,
        status,
        timedOut ? 'upstream connect timeout' : 'upstream connection failed',
      );
      record.finish('allowed', status, plan.rule);
    });
    upstream.once('close', () => {
      clearTimeout(connectTimer);
      client.destroy();
      record.finish('allowed', 200, plan.rule);
      resolve();
    });
    client.once('close', () => upstream.destroy());
    client.on('error', () => upstream.destroy());
  });
}

function splice(
  client: Duplex,
  upstream: Socket,
  head: Buffer,
  record: EgressRecord,
  limits: EgressLimits,
): void {
  if (head.length > 0) {
    record.bytesOut += head.length;
    upstream.write(head);
  }
  client.on('data', (chunk: Buffer) => {
    record.bytesOut += chunk.length;
  });
  upstream.on('data', (chunk: Buffer) => {
    record.bytesIn += chunk.length;
  });
  upstream.setTimeout(limits.idleTimeoutMs, () => upstream.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
}
