/** Keys already turned into JSON: records repeat the same few keys over and over. */
const keyJson = new Map<string, string>();
const keyJsonCacheSize = 10_000;

function jsonKey(key: string): string {
  let text = keyJson.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (keyJson.size < keyJsonCacheSize) keyJson.set(key, text);
  }
  return text;
}

/**
 * JSON with object keys sorted at every level and `undefined` members left out, so the
 * same record always gives the same bytes, whatever order its keys were built in.
 * Arrays keep their order. `omitKey` leaves one key of the outermost object out (the
 * record's own `hash`). Hashing uses it, and the file sink writes these very bytes.
 */
export function canonicalJson(value: unknown, omitKey?: string): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ',') + canonicalJson(item === undefined ? null : item);
    }
    return `${out}]`;
  }
  return canonicalObject(value as Record<string, unknown>, omitKey);
}

function canonicalObject(record: Record<string, unknown>, omitKey: string | undefined): string {
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined || typeof member === 'function' || key === omitKey) continue;
    out += `${out.length === 1 ? '' : ','}${jsonKey(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}
