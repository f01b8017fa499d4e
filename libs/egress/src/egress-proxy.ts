/**
 * The egress proxy: one HTTP server that is a forward proxy (absolute-form `http://` and
 * `https://` targets, and CONNECT tunnels) and the service proxy (`/svc/<name>/<path>`).
 * Threat model: everything a sandbox sends is hostile. Each request must carry a live
 * credential, pass its grant's allow-list, the rate and size limits and the SSRF guard, and
 * is then sent to the one address that was checked; secrets are added here and never leave
 * towards the sandbox. What a tunnel carries is beyond reach (see `connect-tunnel.ts`).
 *
 * NOTE: a secret an upstream echoes back in a response *body* reaches the sandbox; only
 * response headers are scrubbed. Bind secrets only to hosts that do not reflect them.
 * NOTE: WebSocket upgrades are not proxied: `Upgrade` is hop-by-hop, so such a request goes
 * upstream as a plain request and never switches protocol.
 * NOTE: `maxConnectionsPerSandbox` counts requests and tunnels in flight per credential, not
 * the sandbox's idle keep-alive connections to the proxy.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { silentLogger, type AuditSink, type Logger } from '@airlock/core';
import { matchAllowList } from './allow-list.js';
import { openTunnel } from './connect-tunnel.js';
import { CredentialStore, encodeBasic, type CredentialEntry } from './credentials.js';
import { EgressRecord } from './egress-record.js';
import { endToEndHeaders, hasForbiddenCharacters } from './headers.js';
import { admit, TenantRateLimiter } from './rate-limit.js';
import { boundedGuard, createSsrfGuard, type SsrfVerdict } from './ssrf-guard.js';
import { proxyAuthenticate, sendStatus, writeRawStatus } from './responses.js';
import {
  allowForward,
  allowService,
  parseForwardTarget,
  planServiceTarget,
  secretHeader,
  secretsForHost,
  type ForwardTarget,
  type Planned,
  type Refusal,
  type SecretHeader,
} from './request-plan.js';
import { sendUpstream, type UpstreamContext } from './upstream-request.js';
import { connectTargetOf } from './connect-target.js';
import { checkProxyOptions } from './proxy-options.js';
import {
  defaultEgressLimits,
  type EgressCredential,
  type EgressGrant,
  type EgressLimits,
  type EgressProxyOptions,
  type SecretSpec,
  type ServiceRoute,
} from './types.js';

export class EgressProxy {
  private readonly limits: EgressLimits;
  private readonly server: http.Server;
  private readonly credentials = new CredentialStore();
  private readonly rateLimiter: TenantRateLimiter;
  private readonly guard: (host: string) => Promise<SsrfVerdict>;
  private readonly routes: ReadonlyMap<string, ServiceRoute>;
  private readonly secrets: Readonly<Record<string, string | SecretSpec>>;
  private readonly upstream: UpstreamContext;
  private readonly logger: Logger;
  private readonly audit: AuditSink | undefined;
  private listening: { host: string; port: number } | undefined;
  /** CONNECT sockets leave the HTTP server's bookkeeping, so close() ends them from here. */
  private readonly tunnels = new Set<Duplex>();

  constructor(private readonly options: EgressProxyOptions = {}) {
    checkProxyOptions(options);
    this.limits = { ...defaultEgressLimits, ...options.limits };
    this.logger = options.logger ?? silentLogger;
    this.audit = options.audit;
    this.secrets = { ...options.secrets };
    this.routes = new Map((options.services ?? []).map((route) => [route.name, route]));
    this.guard = boundedGuard(createSsrfGuard(options), this.limits.connectTimeoutMs);
    this.rateLimiter = new TenantRateLimiter(this.limits.requestsPerMinute);
    this.upstream = this.upstreamContext();
    this.server = this.createServer();
  }

  /** Starts listening; resolves with the address sandboxes should use. */
  async start(): Promise<{ host: string; port: number }> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.listening = { host, port };
    return { host, port };
  }

  /** A fresh credential for one sandbox, bound to `grant` until revoked. */
  issueCredential(grant: EgressGrant): EgressCredential {
    if (!this.listening) throw new Error('EgressProxy.issueCredential: call start() first');
    const { username, password } = this.credentials.issue(grant);
    const hostPart = this.listening.host.includes(':')
      ? `[${this.listening.host}]`
      : this.listening.host;
    const origin = `${hostPart}:${this.listening.port}`;
    const userInfo = `${encodeURIComponent(username)}:${encodeURIComponent(password)}`;
    return {
      proxyUrl: `http://${userInfo}@${origin}`,
      serviceBaseUrl: `http://${userInfo}@${origin}/svc`,
      proxyAuthorization: encodeBasic(username, password),
      revoke: () => this.credentials.revoke(username),
    };
  }

  /** Stops accepting, ends open connections and forgets every credential. */
  async close(): Promise<void> {
    this.credentials.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.tunnels) socket.destroy();
    this.upstream.httpAgent.destroy();
    this.upstream.httpsAgent.destroy();
    if (this.server.listening) await closed;
  }

  private upstreamContext(): UpstreamContext {
    const extra = this.options.upstreamCa;
    const ca = extra === undefined ? undefined : [...rootCertificates, ...[extra].flat()];
    const agentOptions = { keepAlive: true, maxFreeSockets: 64 };
    return {
      limits: this.limits,
      httpAgent: new http.Agent(agentOptions),
      httpsAgent: new https.Agent(agentOptions),
      ...(ca ? { ca } : {}),
    };
  }

  private createServer(): http.Server {
    const idleMs = this.limits.idleTimeoutMs;
    const server = http.createServer({
      headersTimeout: idleMs,
      requestTimeout: Math.max(60_000, idleMs * 2),
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(idleMs / 4))),
    });
    server.timeout = idleMs;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handleRequest(req, res).catch((error: unknown) => {
        this.logFailure(error);
        sendStatus(res, 500, 'proxy failure', { close: true });
      });
    });
    server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.handleConnect(req, socket, head).catch((error: unknown) => {
        this.logFailure(error);
        socket.destroy();
      });
    });
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
      this.handleClientError(error, socket);
    });
    return server;
  }

  private async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const record = new EgressRecord({ audit: this.audit, logger: this.logger }, req.method ?? '');
    const target = req.url ?? '';
    const isService = target.startsWith('/svc/');
    record.route = isService ? 'service' : 'forward';
    const refuse = (refusal: Refusal, headers: Record<string, string> = {}): void => {
      sendStatus(res, refusal.status, refusal.reason, { headers, close: true });
      record.finish('refused', refusal.status, refusal.rule);
    };
    if (hasForbiddenCharacters(target, req.rawHeaders)) {
      refuse({
        ok: false,
        status: 400,
        reason: 'invalid character in request',
        rule: 'request:header',
      });
      return;
    }
    const parsed = isService ? planServiceTarget(target, this.routes) : parseForwardTarget(target);
    if (parsed.ok) {
      const { host, port, path } = 'route' in parsed.value ? parsed.value.target : parsed.value;
      Object.assign(record, { host, port, path });
    }
    const entry = this.authenticate(req, isService);
    if (!entry) {
      refuse(
        { ok: false, status: 407, reason: 'proxy credential required', rule: 'auth' },
        proxyAuthenticate,
      );
      return;
    }
    record.tenant = entry.grant.tenant;
    record.executionId = entry.grant.executionId;
    // Every authenticated request spends rate, refused or not, so refusals cannot flood.
    const admitted = admit(entry, req, this.rateLimiter, this.limits);
    if (!admitted.ok) {
      refuse(admitted, admitted.headers);
      return;
    }
    try {
      const planned = parsed.ok ? this.plan(entry, parsed.value) : parsed;
      if (planned.ok) await this.forward(req, res, record, planned.value);
      else refuse(planned);
    } finally {
      entry.openConnections -= 1;
    }
  }

  private plan(entry: CredentialEntry, parsed: ParsedTarget): Planned<RequestPlan> {
    return 'route' in parsed
      ? this.planService(entry, parsed.route, parsed.target)
      : this.planForward(entry, parsed);
  }

  private async forward(
    req: IncomingMessage,
    res: ServerResponse,
    record: EgressRecord,
    plan: RequestPlan,
  ): Promise<void> {
    const verdict = await this.guard(plan.target.host);
    if (!verdict.ok) {
      sendStatus(res, 403, verdict.reason, { close: true });
      record.finish('refused', 403, verdict.rule);
      return;
    }
    const headers = endToEndHeaders(req.headers, plan.drop);
    headers.host = plan.target.url.host;
    for (const secret of plan.secrets) headers[secret.header] = secret.value;
    await sendUpstream(
      req,
      res,
      {
        url: plan.target.url,
        address: verdict.address,
        family: verdict.family,
        headers,
        secretValues: this.allSecretValues(),
        rule: plan.rule,
      },
      record,
      this.upstream,
    );
  }

  private authenticate(req: IncomingMessage, isService: boolean): CredentialEntry | undefined {
    const viaProxyHeader = this.credentials.authenticate(req.headers['proxy-authorization']);
    if (viaProxyHeader || !isService) return viaProxyHeader;
    return this.credentials.authenticate(req.headers.authorization);
  }

  private planForward(entry: CredentialEntry, target: ForwardTarget): Planned<RequestPlan> {
    const allowed = allowForward(entry.grant, target);
    if (!allowed.ok) return allowed;
    const secrets = secretsForHost(entry.grant, target, this.secrets);
    const drop = new Set(
      secrets.length > 0 ? ['authorization', ...secrets.map((s) => s.header)] : [],
    );
    return { ok: true, value: { target, rule: allowed.value, secrets, drop } };
  }

  private planService(
    entry: CredentialEntry,
    route: ServiceRoute,
    target: ForwardTarget,
  ): Planned<RequestPlan> {
    const allowed = allowService(entry.grant, route, target);
    if (!allowed.ok) return allowed;
    const secret = this.routeSecret(route);
    if (route.secret !== undefined && !secret) {
      const reason = `service misconfigured: ${route.name}`;
      return { ok: false, status: 502, reason, rule: 'service:no-secret' };
    }
    const secrets = secret ? [secret] : [];
    const drop = new Set(['authorization', ...secrets.map((s) => s.header)]);
    return { ok: true, value: { target, rule: allowed.value, secrets, drop } };
  }

  private routeSecret(route: ServiceRoute): SecretHeader | undefined {
    if (route.secret === undefined || !Object.hasOwn(this.secrets, route.secret)) return undefined;
    const spec = this.secrets[route.secret];
    if (spec === undefined) return undefined;
    const base = typeof spec === 'string' ? { value: spec } : spec;
    return secretHeader({
      value: base.value,
      header: route.header ?? base.header,
      prefix: route.prefix ?? base.prefix,
    } as SecretSpec);
  }

  private allSecretValues(): string[] {
    return Object.values(this.secrets).map((spec) => secretHeader(spec).secret);
  }

  private async handleConnect(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const record = new EgressRecord({ audit: this.audit, logger: this.logger }, 'CONNECT');
    record.route = 'connect';
    const refuse = (status: number, reason: string, rule: string, headers = {}): void => {
      writeRawStatus(socket, status, reason, headers);
      record.finish('refused', status, rule);
    };
    socket.on('error', () => socket.destroy());
    this.tunnels.add(socket);
    socket.once('close', () => this.tunnels.delete(socket));
    const target = connectTargetOf(req.url ?? '');
    if (target) Object.assign(record, { host: target.host, port: target.port });
    if (hasForbiddenCharacters(req.url ?? '', req.rawHeaders)) {
      refuse(400, 'invalid character in request', 'request:header');
      return;
    }
    const entry = this.credentials.authenticate(req.headers['proxy-authorization']);
    if (!entry) {
      refuse(407, 'proxy credential required', 'auth', proxyAuthenticate);
      return;
    }
    record.tenant = entry.grant.tenant;
    record.executionId = entry.grant.executionId;
    if (!target) {
      refuse(400, 'malformed CONNECT target', 'request:target');
      return;
    }
    const admitted = admit(entry, req, this.rateLimiter, this.limits);
    if (!admitted.ok) {
      refuse(admitted.status, admitted.reason, admitted.rule, admitted.headers);
      return;
    }
    try {
      const rule = matchAllowList(entry.grant.hosts, { ...target, scheme: 'connect' });
      if (rule === undefined) {
        refuse(403, `host not allowed: ${target.host}:${target.port}`, 'allow-list');
        return;
      }
      const verdict = await this.guard(target.host);
      if (!verdict.ok) {
        refuse(403, verdict.reason, verdict.rule);
        return;
      }
      const plan = { address: verdict.address, family: verdict.family, port: target.port, rule };
      await openTunnel(socket, head, plan, record, this.limits);
    } finally {
      entry.openConnections -= 1;
    }
  }

  /** A bug, not a refusal: logged by name and message only (no request data in either). */
  private logFailure(error: unknown): void {
    const fields = error instanceof Error ? { error: error.name, message: error.message } : {};
    this.logger.error({ event: 'egress-failure', ...fields }, 'egress proxy failed a request');
  }

  private handleClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
    const record = new EgressRecord({ audit: this.audit, logger: this.logger }, 'UNKNOWN');
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const status = timedOut ? 408 : 400;
    if (socket.writable)
      writeRawStatus(socket, status, timedOut ? 'request timeout' : 'malformed request');
    else socket.destroy();
    record.finish('refused', status, timedOut ? 'limit:idle' : 'request:malformed');
  }
}

type ParsedTarget = ForwardTarget | { route: ServiceRoute; target: ForwardTarget };

/** A decided request: where it goes, which rule allowed it, which secrets ride along. */
interface RequestPlan {
  target: ForwardTarget;
  rule: string;
  secrets: SecretHeader[];
  /** Request headers from the sandbox that are not passed on (lower case). */
  drop: ReadonlySet<string>;
}
