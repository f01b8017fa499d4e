// eslint-plugin-security ships no type declarations; this is the part the benchmark uses.
declare module 'eslint-plugin-security' {
  import type { ESLint, Linter } from 'eslint';

  const plugin: ESLint.Plugin & { configs: { recommended: Linter.Config } };
  export default plugin;
}
