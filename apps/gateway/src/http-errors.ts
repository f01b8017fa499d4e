/**
 * Every error the gateway answers with, as one JSON shape:
 * `{ error: { code, message, field?, hint? }, requestId }`. Errors of Airlock keep their
 * code and status; fastify's own (malformed JSON, body too large, wrong content type) are
 * translated so the body still names the field and the fix. Anything else is a 500 whose
 * message says nothing about the internals.
 */
import { AirlockError, ErrorCode, InvalidInputError, isAirlockError } from '@airlock/core';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; hint?: string };
  requestId: string;
}

interface FrameworkError {
  code?: string;
  statusCode?: number;
  message?: string;
}

const requestShape = 'Send a JSON object with Content-Type: application/json.';

/** Fastify's request errors as Airlock errors that name the field; undefined for others. */
function translateFrameworkError(error: FrameworkError, bodyLimitBytes: number) {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new InvalidInputError('body', `is not valid JSON (${error.message ?? ''})`, {
        hint: requestShape,
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new InvalidInputError('body', 'is empty', { hint: requestShape });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AirlockError(
        ErrorCode.PayloadTooLarge,
        `body: larger than the ${bodyLimitBytes} bytes this gateway accepts`,
        {
          context: { field: 'body' },
          hint: 'Send less code or input, or raise server.bodyLimitBytes.',
        },
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AirlockError(
        ErrorCode.UnsupportedMediaType,
        'content-type: must be application/json',
        {
          context: { field: 'content-type' },
          hint: requestShape,
        },
      );
    default:
      if (typeof error.statusCode === 'number' && error.statusCode < 500) {
        return new InvalidInputError('request', error.message ?? 'is not valid', {
          hint: requestShape,
        });
      }
      return undefined;
  }
}

/** The status and body for `error`; `internal` hides the details of an unexpected error. */
export function errorReply(
  error: unknown,
  requestId: string,
  bodyLimitBytes: number,
): { status: number; body: ErrorBody } {
  const known = isAirlockError(error)
    ? error
    : translateFrameworkError(error as FrameworkError, bodyLimitBytes);
  if (known === undefined || known.httpStatus === 500) {
    const message = 'the gateway failed while handling this request';
    const hint = `Retry; if it persists, report request id ${requestId} to the operator.`;
    return { status: 500, body: { error: { code: ErrorCode.Internal, message, hint }, requestId } };
  }
  const field = known.context.field;
  return {
    status: known.httpStatus,
    body: {
      error: {
        code: known.code,
        message: known.message,
        ...(typeof field === 'string' ? { field } : {}),
        ...(known.hint === undefined ? {} : { hint: known.hint }),
      },
      requestId,
    },
  };
}
