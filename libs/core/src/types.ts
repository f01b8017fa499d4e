/** How serious a finding is. `error` blocks; `warning` informs. */
export type Severity = 'error' | 'warning';

/** The source languages Airlock accepts. */
export type Language = 'javascript' | 'typescript' | 'jsx' | 'tsx';

export const languages: readonly Language[] = ['javascript', 'typescript', 'jsx', 'tsx'];

/** A position in source text; lines and columns both start at 1. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** One thing the validator noticed about a piece of code. */
export interface Finding {
  /** The rule that reported it, such as `no-eval`, or a limit such as `max-size`. */
  ruleId: string;
  severity: Severity;
  message: string;
  /** Where it starts; absent for findings about the whole input. */
  start?: SourcePosition;
  end?: SourcePosition;
  /** The file it was found in, when the input came from a file. */
  file?: string;
}
