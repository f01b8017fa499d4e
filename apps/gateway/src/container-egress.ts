/**
 * Egress for sandboxes: a second egress proxy, listening on the egress network's bridge
 * address, and one credential per sandbox for exactly the hosts and secrets the policy
 * granted its tenant. Threat model: the credential is the sandbox's whole network
 * authority; it is revoked when the sandbox ends, and secrets are added by the proxy on the
 * host, never put into the sandbox.
 */
import type { AuditSink, Logger } from '@airlock/core';
import {
  ensureEgressNetwork,
  guardBridge,
  type EgressNetwork,
  type SandboxEgress,
} from '@airlock/container';
import { EgressProxy } from '@airlock/egress';
import type Dockerode from 'dockerode';

export interface ContainerEgressOptions {
  scope: string;
  secretValues: Record<string, string>;
  allowedPrivateRanges: string[];
  audit: AuditSink;
  logger: Logger;
}

export class ContainerEgress {
  private readonly revokers = new Map<string, () => void>();

  private constructor(
    readonly network: EgressNetwork,
    private readonly proxy: EgressProxy,
    private readonly unguard: () => void,
  ) {}

  /** Creates the network, starts its proxy and firewalls the bridge. */
  static async start(docker: Dockerode, options: ContainerEgressOptions): Promise<ContainerEgress> {
    const network = await ensureEgressNetwork(docker, options.scope);
    const proxy = new EgressProxy({
      host: network.gatewayIp,
      port: 0,
      secrets: options.secretValues,
      allowedPrivateRanges: options.allowedPrivateRanges,
      audit: options.audit,
      logger: options.logger,
    });
    const { port } = await proxy.start();
    try {
      return new ContainerEgress(network, proxy, guardBridge(network, port));
    } catch (error) {
      await proxy.close();
      throw error;
    }
  }

  /**
   * A credential for the sandbox, or undefined when the policy granted no hosts. It is
   * revoked by `revoke`, or, once `track`ed, when the sandbox ends. The proxy's audit events
   * carry `executionId`: the execution's, or `sandbox:<name>` for a sandbox.
   */
  grant(
    tenant: string,
    name: string,
    hosts: string[],
    secrets: Record<string, string[]>,
    executionId = `sandbox:${name}`,
  ): { egress: SandboxEgress; revoke: () => void } | undefined {
    if (hosts.length === 0) return undefined;
    const credential = this.proxy.issueCredential({ tenant, executionId, hosts, secrets });
    const url = new URL(credential.proxyUrl);
    const username = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    const egress = { proxyUrl: url.origin, credential: { username, password } };
    return { egress, revoke: credential.revoke };
  }

  /** Ties a granted credential to the sandbox it was created with. */
  track(sandbox: { tenant: string; name: string }, revoke: () => void): void {
    this.revokers.set(`${sandbox.tenant}/${sandbox.name}`, revoke);
  }

  /** Revokes the credential of a sandbox that ended. */
  ended(sandbox: { tenant: string; name: string }): void {
    const key = `${sandbox.tenant}/${sandbox.name}`;
    this.revokers.get(key)?.();
    this.revokers.delete(key);
  }

  async close(): Promise<void> {
    this.unguard();
    await this.proxy.close();
  }
}
