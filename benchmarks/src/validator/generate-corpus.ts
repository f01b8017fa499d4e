/**
 * A deterministic generator of JavaScript and TypeScript modules that look like what
 * language models write: imports, small functions, classes, loops, data tables, string
 * handling, and now and then a risky pattern (eval, process.env, child_process, an endless
 * loop), so every rule has work to do. The same seed always gives the same text.
 */

export interface GenerateOptions {
  typescript: boolean;
  seed: number;
}

type Random = () => number;

/** mulberry32: a small seeded generator; enough for varied, repeatable text. */
function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = (
  'order user invoice item price total record event session payload entry report account ' +
  'queue batch cursor token line matrix score weight label path node edge bucket cache limit'
).split(' ');
const verbs = 'load parse build merge filter format compute collect sort'.split(' ');
const modules = ['./utils.js', './schema.js', '../lib/format.js', 'lodash-es', 'date-fns'];
const phrases = [
  'The request could not be completed',
  'Expected a positive number of items',
  'Retrying after a short delay',
  'Invalid date: use the ISO 8601 format',
  'All records were written',
];

class Writer {
  private counter = 0;
  constructor(
    readonly random: Random,
    readonly ts: boolean,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  /** A fresh identifier: bindings never clash within a module. */
  name(prefix = this.pick(verbs)): string {
    this.counter += 1;
    const word = this.pick(words);
    return `${prefix}${word[0]?.toUpperCase()}${word.slice(1)}${this.counter}`;
  }

  /** `text` only in TypeScript output. */
  readonly type = (text: string): string => (this.ts ? text : '');
}

function importBlock(w: Writer): string {
  const first = w.name('use');
  const second = w.name('make');
  return `import { ${first}, ${second} } from '${w.pick(modules)}';\nimport ${w.name('lib')} from '${w.pick(modules)}';\n`;
}

function loopFunction(w: Writer): string {
  const fn = w.name();
  const t = w.type;
  return `
/** Sums the ${w.pick(words)} values above a threshold. */
export function ${fn}(values${t(': number[]')}, threshold${t(' = 0')})${t(': number')} {
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i]${t(' ?? 0')};
    if (value > threshold && value % ${2 + w.int(7)} !== 0) {
      sum += value * ${(1 + w.random()).toFixed(2)};
    } else if (value < -${w.int(100)}) {
      sum -= Math.abs(value);
    }
  }
  return Math.round(sum * 100) / 100;
}
`;
}

function transformFunction(w: Writer): string {
  const fn = w.name();
  const key = w.pick(words);
  const t = w.type;
  const shape = `{ id: string; ${key}: number; tags?: string[] }`;
  return `
export const ${fn} = (rows${t(`: Array<${shape}>`)}) =>
  rows
    .filter((row) => row.${key} > ${w.int(50)} && !row.tags?.includes('${w.pick(words)}'))
    .map(({ id, ${key}, ...rest }) => ({ ...rest, id: id.trim().toLowerCase(), ${key}: ${key} * ${1 + w.int(9)} }))
    .reduce((acc${t(': Record<string, number>')}, row) => {
      acc[row.id] = (acc[row.id] ?? 0) + row.${key};
      return acc;
    }, {});
`;
}

function classBlock(w: Writer): string {
  const cls = w.name('Service');
  const field = w.pick(words);
  const t = w.type;
  const iface = w.ts
    ? `\ninterface ${cls}Options {\n  retries: number;\n  baseUrl: string;\n}\n`
    : '';
  return `${iface}
export class ${cls} {
  #${field}s${t(': Map<string, unknown>')} = new Map();
  ${w.ts ? `private readonly options: ${cls}Options;` : 'options;'}

  constructor(options${t(`: ${cls}Options`)} = { retries: ${1 + w.int(4)}, baseUrl: '/api' }) {
    this.options = options;
  }

  get size()${t(': number')} {
    return this.#${field}s.size;
  }

  async fetch${cls}(id${t(': string')})${t(': Promise<unknown>')} {
    if (this.#${field}s.has(id)) return this.#${field}s.get(id);
    for (let attempt = 0; attempt < this.options.retries; attempt += 1) {
      try {
        const value = await ${w.name('use')}(\`\${this.options.baseUrl}/${field}s/\${encodeURIComponent(id)}\`);
        this.#${field}s.set(id, value);
        return value;
      } catch (error) {
        console.warn('${w.pick(phrases)}', { id, attempt, error });
      }
    }
    throw new Error(\`${w.pick(phrases)}: \${id}\`);
  }
}
`;
}

function switchFunction(w: Writer): string {
  const fn = w.name('describe');
  const t = w.type;
  const cases = Array.from({ length: 3 + w.int(4) }, (_, i) => {
    const word = w.pick(words);
    return `    case '${word}${i}':\n      return \`${w.pick(phrases)} (\${count} ${word}s)\`;`;
  }).join('\n');
  return `
export function ${fn}(kind${t(': string')}, count${t(': number')})${t(': string')} {
  switch (kind) {
${cases}
    default:
      return /^[a-z]+-\\d{2,4}$/i.test(kind) ? kind.toUpperCase() : 'unknown';
  }
}
`;
}

function messagesTable(w: Writer): string {
  const table = w.name('messages');
  const entries = Array.from({ length: 4 + w.int(6) }, () => {
    return `  ${w.name('key')}: '${w.pick(phrases)}, see section ${1 + w.int(20)}.',`;
  }).join('\n');
  return `\nexport const ${table} = {\n${entries}\n}${w.ts ? ' as const' : ''};\n`;
}

const riskyPatterns: Array<(w: Writer) => string> = [
  (w) => `  const result = eval(${w.name('expr')}String);\n  return result;`,
  (w) => `  const key = process.env.${w.pick(words).toUpperCase()}_API_KEY;\n  return key;`,
  (w) =>
    `  const { exec } = require('child_process');\n  exec('ls ' + ${w.name('dir')});\n  return null;`,
  (w) =>
    `  const compute = new Function('a', 'b', 'return a + b');\n  return compute(${w.int(9)}, 2);`,
  (w) => `  while (true) {\n    if (${w.name('done')}()) break;\n  }\n  return 0;`,
  (w) =>
    `  const target = 'https://${w.pick(words)}.example.com/collect';\n  return fetch(target, { method: 'POST' });`,
  (w) => `  const pattern = new RegExp(${w.name('input')}Pattern);\n  return pattern;`,
];

function riskyFunction(w: Writer): string {
  const fn = w.name('unsafe');
  const body = w.pick(riskyPatterns)(w);
  return `\nexport function ${fn}()${w.type(': unknown')} {\n${body}\n}\n`;
}

const pieces = [loopFunction, transformFunction, classBlock, switchFunction, messagesTable];

/** One module of about `targetBytes` bytes (never less). */
function generateModule(w: Writer, targetBytes: number): string {
  let text = importBlock(w);
  while (Buffer.byteLength(text) < targetBytes) {
    text += w.random() < 0.12 ? riskyFunction(w) : w.pick(pieces)(w);
  }
  return text;
}

/**
 * Modules of 10 to 50 KB, as many as it takes to reach `totalBytes`: the way code arrives
 * at the validator, one file at a time, each far under the 256 KiB limit.
 */
export function generateCorpus(totalBytes: number, options: GenerateOptions): string[] {
  const w = new Writer(seededRandom(options.seed), options.typescript);
  const files: string[] = [];
  let bytes = 0;
  while (bytes < totalBytes) {
    const file = generateModule(w, 10_000 + w.int(40_000));
    files.push(file);
    bytes += Buffer.byteLength(file);
  }
  return files;
}

/** One snippet of about `targetBytes`, what the gateway sees in a typical request. */
export function generateSnippet(targetBytes: number, options: GenerateOptions): string {
  return generateModule(new Writer(seededRandom(options.seed), options.typescript), targetBytes);
}
