import { describe, expect, it } from 'vitest';
import { createDecider } from './decide.js';
import { RegoPolicyEngine } from './rego-policy-engine.js';

const request = (tenant: string) => ({
  request: { tenant },
  findings: [],
  needs: { modules: [], hosts: [], capabilities: [] },
});

/** A policy that counts its evaluations through a side channel: the decision's reasons. */
function engine(source: string) {
  return new RegoPolicyEngine({ modules: [{ file: 'p.rego', source }] });
}

const pure = `package airlock
decision := {"allow": true, "executor": "isolate", "reasons": [input.request.tenant], "capabilities": [], "hosts": [], "secrets": {}, "limits": {}}`;

const clocked = `package airlock
decision := {"allow": true, "executor": "isolate", "reasons": [sprintf("%d", [time.now_ns()])], "capabilities": [], "hosts": [], "secrets": {}, "limits": {}}`;

describe('decision memo', () => {
  it('answers the same input from memory when the policy is deterministic', () => {
    const decider = createDecider({ engine: engine(pure) });
    const first = decider.decide(request('a'));
    expect(decider.decide(request('a'))).toBe(first);
    expect(decider.decide(request('b')).reasons).toEqual(['b']);
    // Shared answers are frozen: one caller cannot change what the next one gets.
    expect(() => first.reasons.push('x')).toThrow(TypeError);
  });

  it('never remembers a policy that reads the clock', () => {
    const clock = engine(clocked);
    expect(clock.deterministic).toBe(false);
    const decider = createDecider({ engine: clock });
    const first = decider.decide(request('a'));
    const second = decider.decide(request('a'));
    expect(second).not.toBe(first);
  });

  it('can be turned off', () => {
    const decider = createDecider({ engine: engine(pure), memoEntries: 0 });
    expect(decider.decide(request('a'))).not.toBe(decider.decide(request('a')));
  });

  it('knows the default policy is deterministic', () => {
    expect(createDecider().engine.deterministic).toBe(true);
  });
});
