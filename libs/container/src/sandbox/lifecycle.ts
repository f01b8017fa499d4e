import type { SandboxRecord } from './registry.js';

export type EndReason = 'lifetime' | 'idle';

/** Why a sandbox must end now, or undefined; an operation in flight holds off the idle timeout. */
export function endReason(record: SandboxRecord, nowMs: number): EndReason | undefined {
  if (nowMs >= record.info.expiresAtMs) return 'lifetime';
  const idleSinceMs = record.info.lastUsedAtMs + record.info.limits.idleTimeoutMs;
  if (record.busy === 0 && nowMs >= idleSinceMs) return 'idle';
  return undefined;
}

/**
 * Arms one timer per sandbox for whichever comes first, lifetime or idle timeout; when it fires
 * early (the sandbox was used meanwhile) it re-arms. Timers never keep the process alive.
 */
export function armTimer(record: SandboxRecord, onEnd: (reason: EndReason) => void): void {
  clearTimeout(record.timer);
  const { expiresAtMs, lastUsedAtMs, limits } = record.info;
  const idleFromMs = record.busy > 0 ? Date.now() : lastUsedAtMs;
  const dueAtMs = Math.min(expiresAtMs, idleFromMs + limits.idleTimeoutMs);
  const delayMs = Math.max(dueAtMs - Date.now(), 50);
  record.timer = setTimeout(() => {
    const reason = endReason(record, Date.now());
    if (reason === undefined) armTimer(record, onEnd);
    else onEnd(reason);
  }, delayMs);
  record.timer.unref();
}
