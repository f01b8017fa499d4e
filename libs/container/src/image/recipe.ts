// Threat model: the image decides who sandbox code runs as (uid 10001, never root) and what is
// installed; it holds only public Debian packages, never a secret. Capabilities, the read-only
// root, limits and the network are the executor's job when it creates the container.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The sandbox image as data: everything that decides what ends up in it. The image tags
 * carry a hash of this, so a change to any field names a new image and the old one is
 * never reused by mistake.
 */
export interface ImageRecipe {
  /** Bumped by hand when the build steps change in a way the other fields do not show. */
  formatVersion: number;
  /** The Debian release debootstrap installs, such as `bookworm`. */
  suite: string;
  /** debootstrap's variant; `minbase` is essential packages and apt only. */
  variant: string;
  /** Where debootstrap and apt fetch packages from. */
  mirror: string;
  /** Installed with apt on top of the base, without recommended packages. */
  packages: string[];
  /** The unprivileged user every sandbox process runs as. */
  user: { name: string; uid: number; gid: number; home: string };
  /** The working folder of every sandbox, owned by the user. */
  workdir: string;
}

/**
 * Where the image keeps the preload that sends Node's fetch through the egress proxy; the
 * executor names it in NODE_OPTIONS of sandboxes granted hosts. Root owns it: read-only.
 */
export const proxyFetchPreload = '/usr/local/lib/airlock/proxy-fetch.cjs';
const proxyFetchSource = readFileSync(new URL('../../image/proxy-fetch.cjs', import.meta.url));

export const defaultDebianMirror = 'http://deb.debian.org/debian';

export const sandboxImageRepo = 'airlock-sandbox';
export const baseImageRepo = 'airlock-base';

/** The recipe Airlock builds; `mirror` may point at a closer Debian mirror. */
export function sandboxRecipe(overrides: { mirror?: string } = {}): ImageRecipe {
  return {
    formatVersion: 1,
    suite: 'bookworm',
    variant: 'minbase',
    mirror: overrides.mirror ?? defaultDebianMirror,
    packages: ['bash', 'ca-certificates', 'coreutils', 'git', 'nodejs', 'npm', 'python3'],
    user: { name: 'sandbox', uid: 10001, gid: 10001, home: '/home/sandbox' },
    workdir: '/workspace',
  };
}

/** The Dockerfile after its FROM line; the FROM names the base image, which the hash names. */
export function dockerfileBody(recipe: ImageRecipe): string {
  const { user, workdir } = recipe;
  const install = [
    'apt-get update',
    `apt-get install -y --no-install-recommends ${[...recipe.packages].sort().join(' ')}`,
    'rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb',
    `groupadd --gid ${user.gid} ${user.name}`,
    `useradd --uid ${user.uid} --gid ${user.gid} --create-home --home-dir ${user.home} ${user.name}`,
    `mkdir -p ${workdir}`,
    `chown ${user.uid}:${user.gid} ${workdir}`,
    `mkdir -p ${dirname(proxyFetchPreload)}`,
    `echo ${proxyFetchSource.toString('base64')} | base64 -d > ${proxyFetchPreload}`,
    `chmod 0644 ${proxyFetchPreload}`,
  ];
  return [
    'ARG DEBIAN_FRONTEND=noninteractive',
    `RUN ${install.join(' \\\n && ')}`,
    `USER ${user.uid}:${user.gid}`,
    `WORKDIR ${workdir}`,
    '',
  ].join('\n');
}

/** The whole Dockerfile of the sandbox image, built on `baseTag`. */
export function dockerfile(recipe: ImageRecipe, baseTag: string): string {
  return `FROM ${baseTag}\n${dockerfileBody(recipe)}`;
}

/** JSON with keys in a fixed order at every level, so equal recipes hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) over the recipe and the Dockerfile it produces. */
export function recipeHash(recipe: ImageRecipe): string {
  const normalized = { ...recipe, packages: [...recipe.packages].sort() };
  const canonical = canonicalJson({ recipe: normalized, dockerfile: dockerfileBody(recipe) });
  return createHash('sha256').update(canonical).digest('hex');
}

/** The tags of the two images a recipe makes: the debootstrap base and the sandbox. */
export function imageTags(recipe: ImageRecipe): { sandbox: string; base: string; hash: string } {
  const hash = recipeHash(recipe);
  const short = hash.slice(0, 12);
  return { sandbox: `${sandboxImageRepo}:${short}`, base: `${baseImageRepo}:${short}`, hash };
}
