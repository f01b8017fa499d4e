/**
 * The network of sandboxes that were granted egress: an internal Docker bridge (no route
 * out, no traffic between containers) whose only reachable address is the egress proxy on
 * the bridge's gateway address. Threat model: Docker's internal networks still let
 * containers reach every service the host listens on, so firewall rules drop all input from
 * the bridge except TCP to the proxy's port; the proxy then decides host by host.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { AirlockError, ErrorCode } from '@airlock/core';
import type Dockerode from 'dockerode';
import { labelKeys } from '../labels.js';

export interface EgressNetwork {
  /** The Docker network's name, for `NetworkMode`. */
  name: string;
  /** The host's address on the bridge: where the proxy listens. */
  gatewayIp: string;
  /** The bridge interface on the host, for the firewall rules. */
  bridge: string;
}

/** Creates the scope's egress network unless it exists; answers its addresses. */
export async function ensureEgressNetwork(
  docker: Dockerode,
  scope: string,
): Promise<EgressNetwork> {
  const name = `airlock-egress-${scope}`;
  // Interface names have at most 15 characters.
  const bridge = `alk${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
  const existing = await docker.listNetworks({ filters: { name: [name] } });
  if (!existing.some((network) => network.Name === name)) {
    await docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      Internal: true,
      CheckDuplicate: true,
      Options: {
        'com.docker.network.bridge.enable_icc': 'false',
        'com.docker.network.bridge.name': bridge,
      },
      Labels: { [labelKeys.managed]: 'true', [labelKeys.scope]: scope },
    });
  }
  const info = (await docker.getNetwork(name).inspect()) as {
    IPAM?: { Config?: { Gateway?: string }[] };
    Options?: Record<string, string>;
  };
  const gatewayIp = info.IPAM?.Config?.[0]?.Gateway;
  if (gatewayIp === undefined) {
    throw new AirlockError(ErrorCode.Internal, `the network ${name} has no gateway address`, {
      hint: `Remove it (docker network rm ${name}); the gateway creates it again.`,
    });
  }
  return { name, gatewayIp, bridge: info.Options?.['com.docker.network.bridge.name'] ?? bridge };
}

function iptables(args: string[]): void {
  execFileSync('iptables', ['-w', ...args], { stdio: 'pipe' });
}

/**
 * Drops every packet from the bridge to the host except TCP to `proxyPort` on the bridge's
 * address; answers a function that removes the rules again.
 */
export function guardBridge(network: EgressNetwork, proxyPort: number): () => void {
  const drop = ['INPUT', '-i', network.bridge, '-j', 'DROP'];
  const proxy = ['INPUT', '-i', network.bridge, '-d', network.gatewayIp, '-p', 'tcp'];
  const allow = [...proxy, '--dport', String(proxyPort), '-j', 'ACCEPT'];
  try {
    iptables(['-I', ...drop]);
    iptables(['-I', ...allow]);
  } catch (error) {
    throw new AirlockError(ErrorCode.Internal, 'the egress network could not be firewalled', {
      cause: error,
      hint: 'The gateway needs iptables and root (CAP_NET_ADMIN) to give sandboxes egress.',
    });
  }
  return () => {
    for (const rule of [allow, drop]) {
      try {
        iptables(['-D', ...rule]);
      } catch {
        // Already gone (a restarted firewall); nothing is left to remove.
      }
    }
  };
}
