import { describe, expect, it } from 'vitest';
import { validate } from './validator.js';

const needsOf = (code: string) => validate(code).needs;

describe('needs', () => {
  it('lists literal imports, requires and re-exports', () => {
    const code = [
      'import a from "lodash";',
      'const b = require("node:path");',
      'export { c } from "./c.js";',
      'const d = await import("zod");',
      'const e = require(name);',
    ].join('\n');
    expect(needsOf(code).modules).toEqual(['./c.js', 'lodash', 'node:path', 'zod']);
  });

  it('lists hosts named in literal URLs, with explicit ports', () => {
    const code =
      'fetch("https://API.example.com/v1?q=1"); const u = `http://localhost:8080/x/${id}`; ' +
      'const s = "see wss://[::1]:9000/socket and ftp://ignored.example";';
    expect(needsOf(code).hosts).toEqual(['[::1]:9000', 'api.example.com', 'localhost:8080']);
  });

  it('lists env capability bindings, including destructured ones', () => {
    const code =
      'export default async (input, env) => { const { sql } = env; ' +
      'await env.kv.put("a", 1); env["fetch"]("https://x.test"); return sql.query("select 1"); }';
    expect(needsOf(code).capabilities).toEqual(['fetch', 'kv', 'sql']);
  });

  it('is empty when the code does not parse', () => {
    expect(needsOf('import "x";\nconst = ;')).toEqual({ modules: [], hosts: [], capabilities: [] });
  });
});
