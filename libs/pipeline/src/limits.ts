import { defaultIsolateLimits, type IsolateLimits } from '@airlock/isolate';
import type { RequestLimits } from './request.js';

const isolateLimitNames = Object.keys(defaultIsolateLimits) as (keyof IsolateLimits)[];

/**
 * The limits an isolate runs with: what the request asked for, never more than the
 * decision allows. A limit the decision does not name is capped at the executor's
 * default, so a policy that forgets a limit never lifts it.
 */
export function isolateLimitsFor(
  requested: RequestLimits | undefined,
  decided: Readonly<Record<string, number>>,
): IsolateLimits {
  const limits = { ...defaultIsolateLimits };
  for (const name of isolateLimitNames) {
    const ceiling = decided[name] ?? defaultIsolateLimits[name];
    limits[name] = Math.min(requested?.[name] ?? ceiling, ceiling);
  }
  return limits;
}
