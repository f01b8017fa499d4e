/**
 * The exit codes `airlock` promises to scripts and CI. They are part of the interface:
 * change none of them.
 */
export const ExitCode = {
  /** Nothing at error level, and warnings within --max-warnings. */
  Ok: 0,
  /** Findings at error level, or more warnings than --max-warnings allows. */
  Findings: 1,
  /** The invocation or the configuration is wrong; nothing was checked. */
  Usage: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
