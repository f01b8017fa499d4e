// Generated for: "A tool the assistant can call to remember a user's preference."
// Storage comes through the kv capability in env; the code never touches the host.

const maxValueLength = 500;

export default async function rememberPreference({ userId, key, value }, env) {
  if (typeof value !== 'string' || value.length > maxValueLength) {
    return { ok: false, error: `value must be a string of at most ${maxValueLength} characters` };
  }

  const storageKey = `prefs:${userId}:${key}`;
  const previous = await env.kv.get(storageKey);
  await env.kv.put(storageKey, value);
  env.log.info('preference saved', { userId, key, replaced: previous !== null });

  return { ok: true, previous };
}
