import { describe, expect, it } from 'vitest';
import { builtinNames, getBuiltin } from './index.js';
import { builtinErrorOf, call, obj } from './test-support.js';

/** Every builtin that the conformance cases in shared/conformance/rego call. */
const CONFORMANCE_BUILTINS: [string, number][] = [
  ['abs', 1],
  ['array.concat', 2],
  ['array.flatten', 1],
  ['array.reverse', 1],
  ['array.slice', 3],
  ['concat', 2],
  ['contains', 2],
  ['count', 1],
  ['endswith', 2],
  ['equal', 2],
  ['floor', 1],
  ['format_int', 2],
  ['glob.match', 3],
  ['gt', 2],
  ['http.send', 1],
  ['indexof', 2],
  ['indexof_n', 2],
  ['intersection', 1],
  ['is_array', 1],
  ['is_boolean', 1],
  ['is_null', 1],
  ['is_object', 1],
  ['is_set', 1],
  ['is_string', 1],
  ['json.filter', 2],
  ['json.is_valid', 1],
  ['json.marshal', 1],
  ['json.patch', 2],
  ['json.remove', 2],
  ['lower', 1],
  ['lt', 2],
  ['max', 1],
  ['min', 1],
  ['net.cidr_contains', 2],
  ['net.cidr_intersects', 2],
  ['numbers.range', 2],
  ['object.filter', 2],
  ['object.get', 3],
  ['object.remove', 2],
  ['object.subset', 2],
  ['object.union', 2],
  ['object.union_n', 1],
  ['product', 1],
  ['regex.find_n', 3],
  ['regex.match', 2],
  ['regex.replace', 3],
  ['regex.split', 2],
  ['replace', 3],
  ['round', 1],
  ['sort', 1],
  ['split', 2],
  ['sprintf', 2],
  ['startswith', 2],
  ['strings.any_prefix_match', 2],
  ['strings.any_suffix_match', 2],
  ['strings.count', 2],
  ['strings.split_n', 3],
  ['substring', 3],
  ['sum', 1],
  ['time.now_ns', 0],
  ['to_number', 1],
  ['trim', 2],
  ['trim_prefix', 2],
  ['trim_suffix', 2],
  ['type_name', 1],
  ['units.parse', 1],
  ['units.parse_bytes', 1],
  ['upper', 1],
  ['yaml.is_valid', 1],
  ['yaml.marshal', 1],
  ['yaml.unmarshal', 1],
  ['plus', 2],
  ['minus', 2],
  ['mul', 2],
  ['div', 2],
  ['rem', 2],
  ['and', 2],
  ['or', 2],
  ['neq', 2],
  ['lte', 2],
  ['gte', 2],
  ['internal.member_2', 2],
  ['internal.member_3', 3],
];

describe('the builtin registry', () => {
  it.each(CONFORMANCE_BUILTINS)('defines %s with %i operands', (name, arity) => {
    expect(getBuiltin(name)?.arity).toBe(arity);
  });

  it('lists names sorted, and knows nothing it was not given', () => {
    const names = builtinNames();
    expect(names).toEqual([...names].sort());
    expect(names.length).toBeGreaterThan(130);
    expect(getBuiltin('no.such.builtin')).toBeUndefined();
  });

  it('shows policies no runtime environment, which may hold secrets', () => {
    expect(call('opa.runtime')).toEqual(obj({}));
  });

  it('accepts trace notes as true, and only strings', () => {
    expect(call('trace', 'checked input')).toBe(true);
    expect(builtinErrorOf(() => call('trace', 1)).kind).toBe('eval_type_error');
  });

  it('fails closed on builtins that would reach the network', () => {
    const error = builtinErrorOf(() => call('http.send', obj({ method: 'GET' })));
    expect(error.kind).toBe('eval_builtin_error');
    expect(error.message).toContain('http.send: not available');
  });
});
