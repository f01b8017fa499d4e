/**
 * Loopback servers and clients for the egress tests. Every server listens on 127.0.0.1 and
 * every client talks only to the proxy or to these servers.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent, AuditSink } from '@airlock/core';
import type { EgressResolver } from './types.js';

/** What an upstream saw of one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestUpstream {
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const defaultHandler: Handler = (req, res, body) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`upstream ${req.method} ${req.url} ${body}`);
};

function recording(seen: SeenRequest[], handler: Handler): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  };
}

async function listen(server: http.Server | net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function closer(server: http.Server | net.Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** A plain HTTP upstream that records every request and answers with `handler`. */
export async function startHttpUpstream(handler: Handler = defaultHandler): Promise<TestUpstream> {
  const seen: SeenRequest[] = [];
  const server = http.createServer(recording(seen, handler));
  return { port: await listen(server), seen, close: closer(server) };
}

export interface TestCertificate {
  key: string;
  cert: string;
}

/** A self-signed certificate for `localhost`, `secure.test` and 127.0.0.1, made with openssl. */
export function makeCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'egress-cert-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '1',
        '-subj',
        '/CN=secure.test',
        '-addext',
        'subjectAltName=DNS:secure.test,DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An HTTPS upstream with `certificate`, recording like the HTTP one. */
export async function startHttpsUpstream(
  certificate: TestCertificate,
  handler: Handler = defaultHandler,
): Promise<TestUpstream> {
  const seen: SeenRequest[] = [];
  const server = https.createServer(certificate, recording(seen, handler));
  return { port: await listen(server), seen, close: closer(server) };
}

/** A TCP server that only counts connections: an SSRF test passes when it saw none. */
export async function startCanary(): Promise<{
  port: number;
  connections: () => number;
  close(): Promise<void>;
}> {
  let count = 0;
  const server = net.createServer((socket) => {
    count += 1;
    socket.destroy();
  });
  return { port: await listen(server), connections: () => count, close: closer(server) };
}

/** An audit sink that keeps events in memory. */
export function memoryAudit(): AuditSink & { events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return { events, record: (event) => void events.push(event) };
}

/** A resolver answering from a table; any other name fails like NXDOMAIN. */
export function tableResolver(
  table: Record<string, string[]>,
): EgressResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolver = async (host: string) => {
    asked.push(host);
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`not found: ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { asked });
}

export interface ProxyAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request to the proxy at `proxyPort` with request target `target` (absolute or /svc/…). */
export function requestVia(
  proxyPort: number,
  target: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<ProxyAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: proxyPort,
      path: target,
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Writes raw bytes to the proxy and returns everything it sends back before closing. */
export function rawExchange(proxyPort: number, bytes: string, waitMs = 2_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(proxyPort, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString());
    });
    socket.on('error', () => undefined);
    socket.write(bytes);
  });
}

/**
 * A loopback port that never completes a TCP handshake: a child process listens with a
 * backlog of 0 and fills it itself, so further SYNs are dropped and a connect hangs. It exits
 * by itself after `lifetimeS` seconds.
 */
export async function startBlackHole(lifetimeS = 20): Promise<{ port: number; close(): void }> {
  const script = [
    'import socket, sys, time',
    's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)',
    'port = s.getsockname()[1]; fill = []',
    'for _ in range(4):',
    '    c = socket.socket(); c.setblocking(False)',
    '    try: c.connect(("127.0.0.1", port))',
    '    except BlockingIOError: pass',
    '    fill.append(c)',
    'time.sleep(0.2); print(port, flush=True)',
    `time.sleep(${lifetimeS})`,
  ].join('\n');
  const child = spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  return { port: Number(line.toString().trim()), close: () => child.kill() };
}
