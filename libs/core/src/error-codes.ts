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
};
