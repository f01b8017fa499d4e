/** JSON builtins: filter, remove, marshal, unmarshal, is_valid (json.patch is separate). */
import type { Value } from '../value.js';
import { arg, builtinError, obj, str } from './args.js';
import { dropPaths, keepPaths, pathTrie } from './json-paths.js';
import { JsonSyntaxError, marshalJSON, parseJSON } from './json-text.js';
import { defineBuiltins } from './registry.js';

function unmarshal(args: Value[]): Value {
  try {
    return parseJSON(str('json.unmarshal', args, 0));
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw builtinError('json.unmarshal', error.message);
    throw error;
  }
}

function isValid([text]: Value[]): boolean {
  if (typeof text !== 'string') return false;
  try {
    parseJSON(text);
    return true;
  } catch {
    return false;
  }
}

/** `{"pretty": true, "indent": "  ", "prefix": "> "}`; indent defaults to a tab. */
function marshalWithOptions(args: Value[]): string {
  const name = 'json.marshal_with_options';
  const value = arg(args, 0);
  const options = obj(name, args, 1);
  const indent = options.getString('indent');
  const prefix = options.getString('prefix');
  const pretty = options.getString('pretty') ?? (indent !== undefined || prefix !== undefined);
  if (pretty !== true) return marshalJSON(value);
  const indentText = typeof indent === 'string' ? indent : '\t';
  const prefixText = typeof prefix === 'string' ? prefix : '';
  return prefixText + marshalJSON(value, indentText, prefixText);
}

defineBuiltins([
  {
    name: 'json.filter',
    arity: 2,
    impl: (args) => {
      const document = obj('json.filter', args, 0);
      return keepPaths(document, pathTrie('json.filter', args));
    },
  },
  {
    name: 'json.remove',
    arity: 2,
    impl: (args) => {
      const document = obj('json.remove', args, 0);
      return dropPaths(document, pathTrie('json.remove', args));
    },
  },
  { name: 'json.marshal', arity: 1, impl: ([value = null]) => marshalJSON(value) },
  { name: 'json.marshal_with_options', arity: 2, impl: marshalWithOptions },
  { name: 'json.unmarshal', arity: 1, impl: unmarshal },
  { name: 'json.is_valid', arity: 1, impl: isValid },
]);
