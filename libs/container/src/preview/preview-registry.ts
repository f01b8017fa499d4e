/**
 * Preview tokens: an unguessable token per exposed port, mapped to the sandbox's container.
 * Threat model: the token is the only credential of the preview route, so it carries 256
 * random bits, is looked up as a whole (no partial match), and dies with its sandbox.
 */
import { randomBytes } from 'node:crypto';
import { InvalidInputError } from '@airlock/core';

/** The sandbox a token leads to, and the port. */
export interface PreviewTarget {
  tenant: string;
  name: string;
  containerId: string;
}

export interface Exposed extends PreviewTarget {
  port: number;
}

const same = (a: PreviewTarget, b: PreviewTarget) => a.tenant === b.tenant && a.name === b.name;

export function checkPort(port: number): number {
  if (Number.isInteger(port) && port >= 1 && port <= 65_535) return port;
  throw new InvalidInputError('port', `expected a whole number from 1 to 65535, got ${port}`, {
    hint: 'Give the port the server inside listens on, such as 3000.',
  });
}

export class PreviewRegistry {
  private readonly byToken = new Map<string, Exposed>();

  /** A token for `port` of the sandbox; the same port exposed twice keeps its token. */
  expose(sandbox: PreviewTarget, port: number): string {
    for (const [token, exposed] of this.byToken) {
      if (same(exposed, sandbox) && exposed.port === port) return token;
    }
    const token = randomBytes(32).toString('base64url');
    const { tenant, name, containerId } = sandbox;
    this.byToken.set(token, { tenant, name, containerId, port: checkPort(port) });
    return token;
  }

  /** The sandbox's exposed ports and their tokens. */
  portsOf(sandbox: PreviewTarget): { port: number; token: string }[] {
    return [...this.byToken]
      .filter(([, exposed]) => same(exposed, sandbox))
      .map(([token, { port }]) => ({ port, token }));
  }

  /** Forgets every token of a sandbox; call it when the sandbox ends. */
  forget(sandbox: PreviewTarget): void {
    for (const [token, exposed] of this.byToken) {
      if (same(exposed, sandbox)) this.byToken.delete(token);
    }
  }

  /** The sandbox and port behind `token`, or undefined for an unknown token. */
  target(token: string): Exposed | undefined {
    return this.byToken.get(token);
  }
}
