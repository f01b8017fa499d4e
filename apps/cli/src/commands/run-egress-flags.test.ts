import { describe, expect, it } from 'vitest';
import { egressOverlay, withEgressSettings, type EgressFlags } from './run-egress.js';

/** The egress flags turned into tenant settings, in process; the bin runs in run-egress.test.ts. */
function flags(partial: Partial<EgressFlags>): EgressFlags {
  return { allowHost: [], secret: [], allowPrivate: [], ...partial };
}

const env = { GH: 'gh-value', LOCAL: 'local-value', EMPTY: '' };

describe('egressOverlay', () => {
  it.each([
    {
      name: 'normalises hosts and keeps ports and wildcards',
      given: { allowHost: ['API.Example.com.', '127.0.0.1:8080', '*.Example.org:8443', '[::1]:9'] },
      hosts: ['api.example.com', '127.0.0.1:8080', '*.example.org:8443', '[::1]:9'],
      secrets: {},
    },
    {
      name: 'binds a portless secret host to the ports --allow-host gives it',
      given: {
        allowHost: ['127.0.0.1:8080', '127.0.0.1:9090', 'other:1'],
        secret: ['T=LOCAL@127.0.0.1'],
      },
      hosts: ['127.0.0.1:8080', '127.0.0.1:9090', 'other:1'],
      secrets: { T: ['127.0.0.1', '127.0.0.1:8080', '127.0.0.1:9090'] },
    },
    {
      name: 'binds a secret host with a port to that port only',
      given: { allowHost: ['api.github.com'], secret: ['GITHUB=GH@api.github.com:443'] },
      hosts: ['api.github.com'],
      secrets: { GITHUB: ['api.github.com:443'] },
    },
  ])('$name', ({ given, hosts, secrets }) => {
    const overlay = egressOverlay(flags(given), env);
    expect({ hosts: overlay.hosts, secrets: overlay.secrets }).toEqual({ hosts, secrets });
  });

  it('keeps secret values apart from the settings the policy sees', () => {
    const overlay = egressOverlay(flags({ secret: ['GITHUB=GH@api.github.com'] }), env);
    expect(overlay.values).toEqual({ GITHUB: 'gh-value' });
    const data = withEgressSettings({}, 't', overlay);
    expect(JSON.stringify(data)).not.toContain('gh-value');
  });

  it.each([
    { given: { allowHost: ['*'] }, error: /--allow-host \*: expected HOST\[:PORT\]/ },
    { given: { allowHost: ['host/path'] }, error: /--allow-host host\/path: expected/ },
    { given: { secret: ['lower-case=GH@x'] }, error: /--secret lower-case=GH@x: expected NAME=/ },
    { given: { secret: ['T=GH@'] }, error: /--secret T=GH@: expected NAME=/ },
    {
      given: { secret: ['T=EMPTY@x'] },
      error: /--secret T: the environment variable EMPTY is not set/,
    },
    { given: { secret: ['T=GH@x', 'T=LOCAL@y'] }, error: /--secret T: given twice/ },
  ])('refuses $given', ({ given, error }) => {
    expect(() => egressOverlay(flags(given), env)).toThrow(error);
  });
});

describe('withEgressSettings', () => {
  const data = {
    tiers: {
      default: { capabilities: ['log'], hosts: [], secrets: {} },
      builder: { capabilities: ['log', 'kv'] },
    },
    tenants: {
      demo: { tier: 'builder', hosts: ['api.github.com'], secrets: { gh: ['api.github.com'] } },
    },
  };
  const overlay = egressOverlay(flags({ allowHost: ['x.test'], secret: ['T=GH@x.test'] }), env);

  it.each([
    {
      tenant: 'demo',
      want: {
        tier: 'builder',
        capabilities: ['log', 'kv', 'fetch'],
        hosts: ['api.github.com', 'x.test'],
        secrets: { gh: ['api.github.com'], T: ['x.test'] },
      },
    },
    {
      tenant: 'stranger',
      want: { capabilities: ['log', 'fetch'], hosts: ['x.test'], secrets: { T: ['x.test'] } },
    },
  ])('lays the flags over $tenant and touches no other tenant', ({ tenant, want }) => {
    const updated = withEgressSettings(data, tenant, overlay) as typeof data & {
      tenants: Record<string, unknown>;
    };
    expect(updated.tenants[tenant]).toEqual(want);
    expect(updated.tiers).toBe(data.tiers);
    if (tenant !== 'demo') expect(updated.tenants.demo).toBe(data.tenants.demo);
  });

  it('leaves the data as it is without egress flags', () => {
    expect(withEgressSettings(data, 'demo', egressOverlay(flags({}), env))).toBe(data);
  });
});
