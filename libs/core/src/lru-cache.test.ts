import { describe, expect, it } from 'vitest';
import { LruCache, deepFreeze } from './lru-cache.js';

describe('LruCache', () => {
  it('forgets the least recently used entry beyond maxEntries', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.size]).toEqual([1, 3, 2]);
  });

  it('replaces a value without growing', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('a', 2);
    expect([cache.get('a'), cache.size]).toEqual([2, 1]);
  });

  it.each([0, -1, 1.5])('refuses maxEntries %s', (size) => {
    expect(() => new LruCache(size)).toThrow(RangeError);
  });
});

describe('deepFreeze', () => {
  it('freezes nested objects and arrays', () => {
    const value = deepFreeze({ list: [{ n: 1 }], inner: { s: 'x' } });
    expect(Object.isFrozen(value.list)).toBe(true);
    expect(Object.isFrozen(value.list[0])).toBe(true);
    expect(() => (value.list as number[][]).push([])).toThrow(TypeError);
  });
});
