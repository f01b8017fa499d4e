import { Linter } from 'eslint';
import security from 'eslint-plugin-security';

export type SourceType = 'module' | 'script';

/**
 * ESLint 10 with eslint-plugin-security's recommended rules: the usual way a JavaScript
 * project checks code for dangerous patterns today, and the baseline Airlock is measured
 * against. One `Linter`, one flat config per source type, `verify` per file.
 */
export class EslintBaseline {
  private readonly linter = new Linter();
  private readonly configs: Record<SourceType, Linter.Config[]> = {
    module: this.configFor('module'),
    script: this.configFor('script'),
  };

  private configFor(sourceType: SourceType): Linter.Config[] {
    return [
      security.configs.recommended,
      { languageOptions: { ecmaVersion: 'latest', sourceType } },
    ];
  }

  /** The problems ESLint reports, or the parse error when it could not parse the text. */
  verify(text: string, sourceType: SourceType): { problems: number; fatal?: string } {
    const messages = this.linter.verify(text, this.configs[sourceType]);
    const fatal = messages.find((m) => m.fatal);
    return fatal ? { problems: 0, fatal: fatal.message } : { problems: messages.length };
  }
}
