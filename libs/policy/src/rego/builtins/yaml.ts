/**
 * YAML builtins. Every document in the text must parse for `yaml.is_valid`; `unmarshal`
 * returns the first document, as Go's yaml.Unmarshal does. Integers stay exact.
 */
import { parseAllDocuments, stringify as toYaml } from 'yaml';
import { Decimal, RObject, RSet, fromJSON } from '../value.js';
import type { Value } from '../value.js';
import { builtinError, expectType, str } from './args.js';
import { defineBuiltins } from './registry.js';

const PARSE_OPTIONS = { intAsBigInt: true, maxAliasCount: 100 } as const;

function documents(text: string): unknown[] {
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const [first] = doc.errors;
    if (first) throw first;
  }
  return list.map((doc) => doc.toJS(PARSE_OPTIONS) as unknown);
}

/**
 * Plain data for the YAML writer: sets as sorted lists, non-string keys as their text.
 *
 * NOTE: a Decimal is written as the nearest float, so `1e400` becomes `.inf`.
 */
function plain(value: Value): unknown {
  if (value instanceof Decimal) return value.toFloat();
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof RSet) return value.sortedValues().map(plain);
  if (value instanceof RObject) {
    return Object.fromEntries(
      value
        .sortedPairs()
        .map(([k, v]) => [typeof k === 'string' ? k : JSON.stringify(plain(k)), plain(v)]),
    );
  }
  return value;
}

/** YAML mappings may have non-string keys; JSON-shaped Rego data keys them by text. */
function fromYaml(data: unknown): Value {
  if (data instanceof Map) {
    return RObject.fromEntries([...data].map(([k, v]) => [String(k), fromYaml(v)]));
  }
  if (Array.isArray(data)) return data.map(fromYaml);
  if (data !== null && typeof data === 'object') {
    return RObject.fromEntries(Object.entries(data).map(([k, v]) => [k, fromYaml(v)]));
  }
  return fromJSON(data);
}

defineBuiltins([
  {
    name: 'yaml.marshal',
    arity: 1,
    impl: (args) => {
      const all = ['null', 'boolean', 'number', 'string', 'array', 'object', 'set'] as const;
      return toYaml(plain(expectType('yaml.marshal', args, 0, all)));
    },
  },
  {
    name: 'yaml.unmarshal',
    arity: 1,
    impl: (args) => {
      try {
        const [first = null] = documents(str('yaml.unmarshal', args, 0));
        return fromYaml(first);
      } catch (error) {
        throw builtinError('yaml.unmarshal', (error as Error).message);
      }
    },
  },
  {
    name: 'yaml.is_valid',
    arity: 1,
    impl: ([text]) => {
      if (typeof text !== 'string') return false;
      try {
        documents(text);
        return true;
      } catch {
        return false;
      }
    },
  },
]);
