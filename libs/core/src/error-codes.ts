/**
 * The one registry of error codes. A code is stable once released: callers, logs and
 * HTTP clients match on it, so rename nothing; add new codes at the end of their group.
 */
export const ErrorCode = {
  /** A caller passed a value that does not fit the expected shape. */
  InvalidInput: 'invalid_input',
  /** A configuration file or option is wrong. */
  InvalidConfig: 'invalid_config',
  /** A file named by the caller could not be read. */
  FileNotFound: 'file_not_found',
  /** A command-line invocation is malformed. */
  Usage: 'usage',
  /** The validator could not run at all (not: the code has findings). */
  ValidatorFailure: 'validator_failure',
  /** Something that should not happen did; a bug in Airlock. */
  Internal: 'internal',
  /** The request carries no API key, or one that is not known. */
  Unauthenticated: 'unauthenticated',
  /** The API key is known but does not cover what the request asks for (such as a tenant). */
  Forbidden: 'forbidden',
  /** What the request names does not exist, or not for this caller. */
  NotFound: 'not_found',
  /** The request body is larger than the server accepts. */
  PayloadTooLarge: 'payload_too_large',
  /** The request body is not JSON. */
  UnsupportedMediaType: 'unsupported_media_type',
  /** The caller has too many requests running and queued; retry later. */
  TooManyRequests: 'too_many_requests',
  /** The server is starting or shutting down and takes no new work. */
  Unavailable: 'unavailable',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The HTTP status an API edge answers with for each code. */
export const httpStatusByCode: Readonly<Record<ErrorCode, number>> = {
  invalid_input: 400,
  invalid_config: 400,
  file_not_found: 404,
  usage: 400,
  validator_failure: 500,
  internal: 500,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  unavailable: 503,
};
