import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { foldNumber, foldString, globalPath, propertyName } from './support/fold.js';
import { calleeOf, unwrap } from './support/nodes.js';

const defaultMaxElements = 10_000_000;
const defaultMaxBytes = 100 * 1024 * 1024;

const bytesPerElement: Record<string, number> = {
  Int8Array: 1,
  Uint8Array: 1,
  Uint8ClampedArray: 1,
  Int16Array: 2,
  Uint16Array: 2,
  Float16Array: 2,
  Int32Array: 4,
  Uint32Array: 4,
  Float32Array: 4,
  Float64Array: 8,
  BigInt64Array: 8,
  BigUint64Array: 8,
};

const bufferFactories = new Set(['Buffer.alloc', 'Buffer.allocUnsafe', 'Buffer.allocUnsafeSlow']);

/** One allocation whose size is known: what it was, and its size in elements or bytes. */
interface Allocation {
  found: string;
  size: number;
  unit: 'elements' | 'bytes';
}

interface Limits {
  maxElements: number;
  maxBytes: number;
}

function positiveOption(options: Record<string, unknown>, name: string, fallback: number): number {
  const value = options[name];
  return typeof value === 'number' && value > 0 ? value : fallback;
}

function lengthProperty(input: Node | undefined): number | undefined {
  const node = input ? unwrap(input) : undefined;
  if (node?.type !== 'ObjectExpression') return undefined;
  const length = (node.properties as Node[]).find(
    (p) => p.type === 'Property' && propertyName(p) === 'length',
  );
  return length ? foldNumber(length.value as Node) : undefined;
}

function constructed(name: string, args: Node[], isNew: boolean): Allocation | undefined {
  const [first, second] = args;
  const size = foldNumber(first);
  if (name === 'Array' && args.length === 1 && size !== undefined) {
    return { found: `${isNew ? 'new ' : ''}Array(${size})`, size, unit: 'elements' };
  }
  if (name === 'Array.from') {
    const length = lengthProperty(first);
    const found = `Array.from({ length: ${length} })`;
    return length === undefined ? undefined : { found, size: length, unit: 'elements' };
  }
  if (size === undefined || !isNew) return undefined;
  const perElement = bytesPerElement[name];
  if (perElement !== undefined) {
    return { found: `new ${name}(${size})`, size: size * perElement, unit: 'bytes' };
  }
  if (name === 'ArrayBuffer' || name === 'SharedArrayBuffer') {
    const growable = lengthLimit(second);
    const bytes = Math.max(size, growable ?? 0);
    return {
      found: `new ${name}(${size}${growable ? ', { maxByteLength }' : ''})`,
      size: bytes,
      unit: 'bytes',
    };
  }
  return undefined;
}

/** `maxByteLength` of a resizable buffer: the size it may grow to without a new check. */
function lengthLimit(options: Node | undefined): number | undefined {
  const node = options ? unwrap(options) : undefined;
  if (node?.type !== 'ObjectExpression') return undefined;
  const property = (node.properties as Node[]).find((p) => propertyName(p) === 'maxByteLength');
  return property ? foldNumber(property.value as Node) : undefined;
}

function stringGrowth(callee: Node, args: Node[]): Allocation | undefined {
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  const count = foldNumber(args[0]);
  if (count === undefined) return undefined;
  if (method === 'repeat') {
    const unitLength = foldString(callee.object as Node)?.length ?? 1;
    return { found: `.repeat(${count})`, size: unitLength * count, unit: 'elements' };
  }
  if (method === 'padStart' || method === 'padEnd') {
    return { found: `.${method}(${count})`, size: count, unit: 'elements' };
  }
  return undefined;
}

function allocationOf(node: Node): Allocation | undefined {
  const callee = calleeOf(node);
  const args = node.arguments as Node[];
  const name = globalPath(callee);
  if (name !== undefined && bufferFactories.has(name)) {
    const bytes = foldNumber(args[0]);
    return bytes === undefined
      ? undefined
      : { found: `${name}(${bytes})`, size: bytes, unit: 'bytes' };
  }
  const isNew = node.type === 'NewExpression';
  if (name !== undefined) {
    const allocation = constructed(name, args, isNew);
    if (allocation) return allocation;
  }
  return isNew ? undefined : stringGrowth(callee, args);
}

function describe(allocation: Allocation, limits: Limits): string | undefined {
  const { found, size, unit } = allocation;
  const limit = unit === 'bytes' ? limits.maxBytes : limits.maxElements;
  if (size <= limit) return undefined;
  const option = unit === 'bytes' ? 'maxBytes' : 'maxElements';
  const figure = (n: number): string => n.toLocaleString('en-US');
  return `Found \`${found}\`, which allocates ${figure(size)} ${unit} at once, over the limit of ${figure(limit)} (option ${option}). One allocation this large can abort the whole process before the memory limit applies. Size it from the data you have, or process the data in chunks.`;
}

/**
 * Flags allocations whose literal size is over a threshold: arrays (`new Array(n)`,
 * `Array(n)`, `Array.from({ length: n })`), strings (`'x'.repeat(n)`, `padStart(n)`,
 * counted in characters), and binary buffers (`ArrayBuffer`, `SharedArrayBuffer`, typed
 * arrays as elements × bytes per element, `Buffer.alloc`). Sizes fold literal arithmetic
 * (`1e8`, `2 ** 31`, `1024 * 1024 * 1024`); a size held in a variable is left to the
 * executor's memory limit.
 *
 * Options: `maxElements` (default 10,000,000) for arrays and strings, `maxBytes`
 * (default 100 MiB) for buffers.
 */
export const noGiantAllocation: Rule = {
  meta: {
    id: 'no-giant-allocation',
    severity: 'error',
    category: 'resources',
    description: 'Arrays, strings and buffers allocated with a literal size over a threshold.',
    options: { maxElements: 'positive-number', maxBytes: 'positive-number' },
  },
  create(context) {
    const limits: Limits = {
      maxElements: positiveOption(context.options, 'maxElements', defaultMaxElements),
      maxBytes: positiveOption(context.options, 'maxBytes', defaultMaxBytes),
    };
    const check = (node: Node): void => {
      const allocation = allocationOf(node);
      const message = allocation ? describe(allocation, limits) : undefined;
      if (message) context.report({ node, message });
    };
    return { NewExpression: check, CallExpression: check };
  },
};
