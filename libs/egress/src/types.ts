/**
 * The egress proxy's contract, shared by the forward proxy, the service proxy, the isolate's
 * `fetch` capability and the container executor. A sandbox never holds a secret: it holds
 * a proxy credential tied to one tenant and one execution, and the proxy adds secrets on
 * the way out, only for the hosts the policy bound them to.
 */
import type { AuditSink, Logger } from '@airlock/core';

/** What the policy decided for one execution's network access. */
export interface EgressGrant {
  tenant: string;
  executionId: string;
  /** Allow-list patterns: `host`, `host:port`, `*.example.com`, `*.example.com:443`, `*`. */
  hosts: string[];
  /** Secret name → the host patterns it may be sent to. */
  secrets: Record<string, string[]>;
}

/** An upstream the operator configured for `/svc/<name>/<path>`. */
export interface ServiceRoute {
  /** The `<name>` in `/svc/<name>/…`; an identifier. */
  name: string;
  /** Base URL requests are forwarded to, e.g. `https://api.github.com`. */
  upstream: string;
  /** The secret added on the way out, by name; none for a public upstream. */
  secret?: string;
  /** Header carrying the secret. Default `authorization`. */
  header?: string;
  /** Put in front of the value, e.g. `Bearer ` (the default for `authorization`). */
  prefix?: string;
}

export interface EgressLimits {
  /** Requests per tenant per minute; beyond it, 429 with Retry-After. Default 600. */
  requestsPerMinute: number;
  /** Largest request body accepted from a sandbox. Default 1 MiB. */
  maxRequestBodyBytes: number;
  /** Largest response body passed back to a sandbox. Default 10 MiB. */
  maxResponseBodyBytes: number;
  /** Time to connect to an upstream. Default 5,000. */
  connectTimeoutMs: number;
  /** A connection with no bytes either way for this long is closed. Default 30,000. */
  idleTimeoutMs: number;
  /** Open connections per credential at once. Default 16. */
  maxConnectionsPerSandbox: number;
}

export const defaultEgressLimits: EgressLimits = {
  requestsPerMinute: 600,
  maxRequestBodyBytes: 1024 * 1024,
  maxResponseBodyBytes: 10 * 1024 * 1024,
  connectTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  maxConnectionsPerSandbox: 16,
};

export interface EgressProxyOptions {
  /** Listen address. Default 127.0.0.1; a container network's gateway address for containers. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  services?: ServiceRoute[];
  /**
   * Secret values by name; they live only in the proxy's process. A plain string is sent as
   * `Authorization: Bearer <value>`; an object names another header and prefix.
   */
  secrets?: Record<string, string | SecretSpec>;
  /**
   * CIDR ranges the operator explicitly allows although they are private (for example a
   * test upstream on 127.0.0.0/8). Default none: loopback, private, link-local, CGNAT,
   * multicast and unspecified addresses are refused.
   */
  allowedPrivateRanges?: string[];
  limits?: Partial<EgressLimits>;
  /** Every request, allowed or refused, becomes an `egress` audit event here. */
  audit?: AuditSink;
  logger?: Logger;
  /**
   * Resolves a host name to every address it has, once per request. Default
   * `dns.promises.lookup(host, { all: true })`. Tests inject one that answers chosen addresses.
   */
  resolver?: EgressResolver;
  /** Extra certificate authorities trusted for upstream TLS (PEM), besides the system's. */
  upstreamCa?: string | string[];
}

/** How one secret is sent: `header: prefix + value`. */
export interface SecretSpec {
  value: string;
  /** Default `authorization`. */
  header?: string;
  /** Default `Bearer ` for `authorization`, empty for any other header. */
  prefix?: string;
}

/** One answer of a resolver: an address and its family (4 or 6). */
export interface ResolvedAddress {
  address: string;
  family: number;
}

export type EgressResolver = (host: string) => Promise<ResolvedAddress[]>;

/** What a sandbox is given: where the proxy is and how to authenticate to it. */
export interface EgressCredential {
  /** `http://<user>:<password>@<host>:<port>` for HTTP_PROXY / HTTPS_PROXY. */
  proxyUrl: string;
  /** `http://<host>:<port>/svc` plus the credential, for service routes (the isolate's fetch). */
  serviceBaseUrl: string;
  /** Basic-auth value for `Proxy-Authorization`, for clients that set it themselves. */
  proxyAuthorization: string;
  /** Ends the credential: later requests with it get 407. */
  revoke(): void;
}
