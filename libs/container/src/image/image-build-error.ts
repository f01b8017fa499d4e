import { AirlockError, ErrorCode, type AirlockErrorOptions } from '@airlock/core';

/** The steps of an image build, named in progress reports and errors. */
export type ImageBuildStep = 'engine' | 'debootstrap' | 'import' | 'build' | 'remove';

/**
 * A step of building or managing the sandbox image failed. The message names the step and
 * what went wrong; the hint says how to fix it.
 */
export class ImageBuildError extends AirlockError {
  override readonly name = 'ImageBuildError';
  readonly step: ImageBuildStep;

  constructor(
    step: ImageBuildStep,
    message: string,
    options: AirlockErrorOptions & { code?: ErrorCode } = {},
  ) {
    super(options.code ?? ErrorCode.Internal, `image ${step}: ${message}`, {
      ...options,
      context: { step, ...options.context },
    });
    this.step = step;
  }
}
