import { AirlockError, ErrorCode, InvalidInputError } from '@airlock/core';
import type Docker from 'dockerode';
import { labelKeys } from '../labels.js';
import { engineFailure, inspectImage } from './engine.js';
import { ImageBuildError } from './image-build-error.js';
import { baseImageRepo, sandboxImageRepo } from './recipe.js';

/** One tag of an image Airlock built. */
export interface AirlockImage {
  /** Such as `airlock-sandbox:0123456789ab`. */
  tag: string;
  /** The image id, `sha256:…`. */
  id: string;
  sizeBytes: number;
  createdAtMs: number;
  /** The full recipe hash from the `airlock.recipe` label. */
  recipeHash: string | undefined;
}

const airlockRepos = new Set([sandboxImageRepo, baseImageRepo]);

function isAirlockTag(tag: string): boolean {
  const colon = tag.lastIndexOf(':');
  return colon > 0 && airlockRepos.has(tag.slice(0, colon));
}

/** The tags of Airlock's images: labelled `airlock.managed`, in the sandbox or base repo. */
export async function listAirlockImages(docker: Docker): Promise<AirlockImage[]> {
  let images: Docker.ImageInfo[];
  try {
    images = await docker.listImages({ filters: { label: [`${labelKeys.managed}=true`] } });
  } catch (error) {
    throw engineFailure(error, 'listing images');
  }
  return images
    .flatMap((image) =>
      (image.RepoTags ?? []).filter(isAirlockTag).map((tag) => ({
        tag,
        id: image.Id,
        sizeBytes: image.Size,
        createdAtMs: image.Created * 1_000,
        recipeHash: image.Labels?.[labelKeys.recipe],
      })),
    )
    .sort((a, b) => a.tag.localeCompare(b.tag));
}

/**
 * Removes the tag `tag` of an Airlock image (the image goes with its last tag). Refuses any
 * tag that is not Airlock's, so it cannot delete an image someone else relies on.
 */
export async function removeAirlockImage(docker: Docker, tag: string): Promise<void> {
  const hint = 'airlock image ls lists the images Airlock built.';
  if (!isAirlockTag(tag)) {
    throw new InvalidInputError('tag', `${tag} is not an Airlock image tag`, { hint });
  }
  const image = await inspectImage(docker, tag);
  if (image === undefined) {
    throw new AirlockError(ErrorCode.NotFound, `tag: no image ${tag}`, { hint });
  }
  if (image.Config.Labels?.[labelKeys.managed] !== 'true') {
    throw new InvalidInputError('tag', `${tag} has no ${labelKeys.managed} label`, {
      hint: `Airlock removes only images it built; remove this one with docker rmi. ${hint}`,
    });
  }
  try {
    await docker.getImage(tag).remove();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 409) throw engineFailure(error, 'rmi');
    throw new ImageBuildError('remove', `${tag} is in use`, {
      code: ErrorCode.InvalidInput,
      hint: 'Destroy the sandboxes (containers) that use it first.',
      cause: error,
    });
  }
}
