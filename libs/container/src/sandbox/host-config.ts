/**
 * Threat model: code inside the sandbox is hostile and tries to reach the host, the network,
 * other tenants or more resources than granted. This module turns limits into the Docker
 * settings that stop it; it does not decide which hosts a sandbox may reach (the egress proxy).
 */
import { InvalidInputError } from '@airlock/core';
import type Dockerode from 'dockerode';
import { proxyFetchPreload } from '../image/recipe.js';
import type { SandboxEgress, SandboxLimits } from '../types.js';

export const sandboxUid = 10001;
export const workspaceDir = '/workspace';
export const tmpDir = '/tmp';

/** The only environment a sandbox starts with; never the gateway's own. */
export const baseEnv = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'HOME=/tmp',
  'LANG=C.UTF-8',
];

export type SandboxRuntime = 'runc' | 'runsc';

/**
 * The network a sandbox joins: none at all unless egress is granted.
 * NOTE: egress through the proxy network is not built yet, so a grant is refused.
 */
/**
 * `none` unless the sandbox was granted egress; then the egress network, where the proxy is
 * the only reachable address (see egress/egress-network.ts).
 */
export function networkModeFor(
  egress: SandboxEgress | undefined,
  egressNetwork: string | undefined,
): string {
  if (egress === undefined) return 'none';
  if (egressNetwork === undefined) {
    throw new InvalidInputError('egress', 'this executor has no egress network', {
      hint: 'Give the executor egressNetwork (the gateway does), or leave egress out.',
    });
  }
  return egressNetwork;
}

/**
 * The proxy variables that tools in the sandbox (npm, git, pip, curl) read; the caller's
 * NODE_OPTIONS, if any, follow the preload.
 */
export function proxyEnv(
  egress: SandboxEgress | undefined,
  callerNodeOptions?: string,
): Record<string, string> {
  if (egress === undefined) return {};
  const preload = `--require ${proxyFetchPreload}`;
  const url = new URL(egress.proxyUrl);
  url.username = egress.credential.username;
  url.password = egress.credential.password;
  const proxy = url.href.replace(/\/$/, '');
  return {
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    http_proxy: proxy,
    https_proxy: proxy,
    // Node 18's fetch ignores the variables above; the image's preload makes it use them
    NODE_OPTIONS: callerNodeOptions ? `${preload} ${callerNodeOptions}` : preload,
  };
}

function tmpfsOptions(sizeMb: number, exec: boolean): string {
  const execFlag = exec ? 'exec' : 'noexec';
  return `rw,${execFlag},nosuid,nodev,size=${sizeMb}m,uid=${sandboxUid},gid=${sandboxUid},mode=0755`;
}

/** Docker's HostConfig for a sandbox with `limits`; every setting answers an attack (docs). */
export function hardenedHostConfig(
  limits: SandboxLimits,
  runtime: SandboxRuntime,
  networkMode: string,
): Dockerode.HostConfig {
  const memoryBytes = limits.memoryMb * 1024 * 1024;
  return {
    NetworkMode: networkMode,
    Privileged: false,
    CapDrop: ['ALL'],
    SecurityOpt: ['no-new-privileges'],
    ReadonlyRootfs: true,
    Tmpfs: {
      [workspaceDir]: tmpfsOptions(limits.diskMb, true),
      [tmpDir]: tmpfsOptions(limits.tmpMb, false),
    },
    Binds: [],
    PidsLimit: limits.maxProcesses,
    Memory: memoryBytes,
    MemorySwap: memoryBytes,
    NanoCpus: Math.round(limits.cpus * 1e9),
    IpcMode: 'private',
    ShmSize: 16 * 1024 * 1024,
    Init: true,
    Runtime: runtime,
    RestartPolicy: { Name: 'no' },
  };
}
