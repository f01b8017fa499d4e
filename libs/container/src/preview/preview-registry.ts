/**
 * Preview tokens: an unguessable token per exposed port, mapped to the sandbox's container.
 * Threat model: the token is the only credential of the preview route, so it carries 256
 * random bits, is compared as a map key (no partial match), and dies with its sandbox.
 */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { openExecTunnel } from './exec-tunnel.js';

interface Exposed {
  sandboxKey: string;
  containerId: string;
  port: number;
}

/** `tenant/name`: the key sandboxes are registered under. */
function keyOf(tenant: string, name: string): string {
  return `${tenant}/${name}`;
}

export class PreviewRegistry {
  private readonly byToken = new Map<string, Exposed>();

  constructor(private readonly docker: Dockerode) {}

  /** A token for `port` of the sandbox; the same port exposed twice keeps its token. */
  expose(tenant: string, name: string, containerId: string, port: number): string {
    const sandboxKey = keyOf(tenant, name);
    for (const [token, exposed] of this.byToken) {
      if (exposed.sandboxKey === sandboxKey && exposed.port === port) return token;
    }
    const token = randomBytes(32).toString('base64url');
    this.byToken.set(token, { sandboxKey, containerId, port });
    return token;
  }

  /** The sandbox's exposed ports and their tokens. */
  portsOf(tenant: string, name: string): { port: number; token: string }[] {
    const sandboxKey = keyOf(tenant, name);
    return [...this.byToken]
      .filter(([, exposed]) => exposed.sandboxKey === sandboxKey)
      .map(([token, { port }]) => ({ port, token }));
  }

  /** Forgets every token of a sandbox; call it when the sandbox is destroyed. */
  forget(tenant: string, name: string): void {
    const sandboxKey = keyOf(tenant, name);
    for (const [token, exposed] of this.byToken) {
      if (exposed.sandboxKey === sandboxKey) this.byToken.delete(token);
    }
  }

  /** A new connection to the port behind `token`, or undefined for an unknown token. */
  async open(token: string): Promise<Duplex | undefined> {
    const exposed = this.byToken.get(token);
    if (exposed === undefined) return undefined;
    return openExecTunnel(this.docker, this.docker.getContainer(exposed.containerId), exposed.port);
  }
}
