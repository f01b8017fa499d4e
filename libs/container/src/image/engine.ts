import { ConfigError, ErrorCode } from '@airlock/core';
import Docker from 'dockerode';
import { ImageBuildError } from './image-build-error.js';

const unreachableCodes = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'EACCES',
  'ECONNRESET',
  'EHOSTUNREACH',
]);

/** An error of a call to the engine as Airlock reports it: unreachable engines get a fix. */
export function engineFailure(error: unknown, doing: string): ImageBuildError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && unreachableCodes.has(code)) {
    return new ImageBuildError('engine', `the Docker engine is not reachable (${code})`, {
      code: ErrorCode.Unavailable,
      hint: 'Start it with scripts/docker-engine.sh, or point DOCKER_HOST at a running engine.',
      cause: error,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ImageBuildError('engine', `${doing} failed: ${reason}`, { cause: error });
}

/** Throws an `engine` ImageBuildError with the fix when the engine does not answer. */
export async function checkDockerEngine(docker: Docker): Promise<void> {
  try {
    await docker.ping();
  } catch (error) {
    throw engineFailure(error, 'ping');
  }
}

/** The image `tag` names, or undefined when there is none. */
export async function inspectImage(
  docker: Docker,
  tag: string,
): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(tag).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw engineFailure(error, `inspecting ${tag}`);
  }
}

/**
 * A client for the engine `env.DOCKER_HOST` names (`unix:///path` or `tcp://host:port`),
 * else the local socket /var/run/docker.sock.
 */
export function dockerClient(env: Readonly<Record<string, string | undefined>>): Docker {
  const host = env.DOCKER_HOST ?? '';
  if (host.startsWith('unix://')) return new Docker({ socketPath: host.slice('unix://'.length) });
  const tcp = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(host);
  if (tcp !== null) return new Docker({ host: tcp[1], port: Number(tcp[2]), protocol: 'http' });
  if (host !== '') {
    throw new ConfigError('DOCKER_HOST', `${host} is neither unix:///path nor tcp://host:port`, {
      hint: 'Unset DOCKER_HOST to use /var/run/docker.sock.',
    });
  }
  return new Docker({ socketPath: '/var/run/docker.sock' });
}
