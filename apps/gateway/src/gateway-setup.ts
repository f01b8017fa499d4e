import {
  ContainerExecutor,
  checkDockerEngine,
  dockerClient,
  ensureSandboxImage,
  labelKeys,
} from '@airlock/container';
import { ConfigError, type AuditSink, type Logger } from '@airlock/core';
import {
  RegoPolicyEngine,
  RegoError,
  createDecider,
  defaultPolicyPath,
  loadPolicy,
  type Decider,
} from '@airlock/policy';
import type { GatewayConfig } from './config/schema.js';
import { ContainerEgress } from './container-egress.js';

/** The decider for `policy.paths`, or for Airlock's default policy when there are none. */
export function policyDeciderFor(config: GatewayConfig): Decider {
  const paths = config.policy.paths.length === 0 ? [defaultPolicyPath] : config.policy.paths;
  try {
    const loaded = loadPolicy(paths, process.cwd());
    return createDecider({
      engine: new RegoPolicyEngine({ modules: loaded.modules, data: loaded.data }),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError('policy.paths', reason, {
      cause: error,
      hint:
        error instanceof RegoError
          ? 'Fix the policy at the place named; `airlock policy test` shows the same error.'
          : 'Give Rego files, data files or folders that exist.',
    });
  }
}

/**
 * The value of each secret in `egress.secrets`, read from the gateway's environment. They
 * go to the egress proxy only, never into a sandbox, a log or an error message.
 */
export function secretValuesFor(
  config: GatewayConfig,
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(config.egress.secrets)) {
    const value = env[spec.env];
    if (value === undefined || value === '') {
      throw new ConfigError(`egress.secrets.${name}.env`, `${spec.env} is not set`, {
        hint: `Set ${spec.env} in the gateway's environment, or remove the secret.`,
      });
    }
    values[name] = value;
  }
  return values;
}

/** The container executor and its egress, when `container.enabled`. */
export interface Containers {
  executor: ContainerExecutor;
  egress: ContainerEgress;
  close(): Promise<void>;
}

export interface ContainerSetup {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  audit: AuditSink;
  secretValues: Record<string, string>;
  onProgress?: (line: string) => void;
}

/**
 * Checks the engine, builds the sandbox image when it is missing (minutes, once per
 * machine; progress goes to `onProgress`), starts the egress network and its proxy, then
 * the executor, whose reaper first removes what a killed gateway of this scope left.
 */
export async function startContainers(
  config: GatewayConfig,
  setup: ContainerSetup,
): Promise<Containers | undefined> {
  if (!config.container.enabled) return undefined;
  const docker = dockerClient(setup.env);
  await checkDockerEngine(docker);
  const image =
    config.container.image ??
    (await ensureSandboxImage(docker, {
      onProgress: (progress) => setup.onProgress?.(`${progress.step}: ${progress.message}`),
    }));
  const { scope } = config.container;
  const egress = await ContainerEgress.start(docker, {
    scope,
    secretValues: setup.secretValues,
    allowedPrivateRanges: config.egress.allowPrivate,
    audit: setup.audit,
    logger: setup.logger,
  });
  const executor = new ContainerExecutor({
    docker,
    image,
    poolSize: config.container.poolSize,
    runtime: config.container.runtime,
    scopeLabels: { [labelKeys.scope]: scope },
    egressNetwork: egress.network.name,
    onEnd: (info) => egress.ended(info),
    logger: setup.logger,
  });
  try {
    await executor.start();
  } catch (error) {
    await egress.close();
    throw error;
  }
  const close = async () => {
    await executor.close();
    await egress.close();
  };
  return { executor, egress, close };
}
