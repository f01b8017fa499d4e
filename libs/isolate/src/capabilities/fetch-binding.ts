/**
 * Which egress credential belongs to which execution, for the `fetch` capability.
 * Threat model: the credential is the sandbox's whole network authority, so it never enters
 * the isolate; the host looks it up by the execution id the executor puts in the call
 * context, and the pipeline ends it (revoke) as soon as the execution settles.
 */

/** What the policy granted one execution; the shape of `EgressGrant` in @airlock/egress. */
export interface FetchGrant {
  tenant: string;
  executionId: string;
  hosts: string[];
  secrets: Record<string, string[]>;
}

/** The part of an `EgressCredential` (from @airlock/egress) the capability uses. */
export interface FetchCredential {
  /** `http://<user>:<password>@<host>:<port>`; only its origin is used. */
  proxyUrl: string;
  /** The `Proxy-Authorization` value. */
  proxyAuthorization: string;
  revoke(): void;
}

/** An `EgressProxy` (from @airlock/egress), started. */
export interface FetchCredentialIssuer {
  issueCredential(grant: FetchGrant): FetchCredential;
}

/** Where the proxy listens and how to authenticate to it, for one execution. */
export interface FetchRoute {
  proxyOrigin: URL;
  proxyAuthorization: string;
}

/**
 * Issues one proxy credential per execution and keeps it by execution id, so the `fetch`
 * capability of that execution (and of no other) can use it.
 *
 * @example
 * const binding = new EgressBinding(proxy);
 * const release = binding.bind({ tenant, executionId, hosts, secrets });
 * try { await executor.execute(request); } finally { release(); }
 */
export class EgressBinding {
  private readonly byExecution = new Map<string, FetchRoute>();

  constructor(private readonly issuer: FetchCredentialIssuer) {}

  /** Issues a credential for `grant`; the returned function revokes it and forgets it. */
  bind(grant: FetchGrant): () => void {
    if (this.byExecution.has(grant.executionId)) {
      throw new Error(`EgressBinding.bind: execution ${grant.executionId} is already bound`);
    }
    const credential = this.issuer.issueCredential(grant);
    const proxyOrigin = new URL(new URL(credential.proxyUrl).origin);
    const route = { proxyOrigin, proxyAuthorization: credential.proxyAuthorization };
    this.byExecution.set(grant.executionId, route);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (this.byExecution.get(grant.executionId) === route) {
        this.byExecution.delete(grant.executionId);
      }
      credential.revoke();
    };
  }

  /** The route of a bound execution; undefined once released or when never bound. */
  lookup(executionId: string): FetchRoute | undefined {
    return this.byExecution.get(executionId);
  }

  /** Executions bound right now (for tests and stats). */
  get size(): number {
    return this.byExecution.size;
  }
}
