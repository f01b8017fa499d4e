// Loaded into every node process of a sandbox that was granted hosts (NODE_OPTIONS=--require).
// Node 18's global fetch ignores HTTP_PROXY, and in such a sandbox the egress proxy is the
// only address that answers; so fetch is replaced by one that sends each request to the proxy
// in absolute form (http:// and https:// alike: the proxy speaks TLS to the host itself),
// with the sandbox's credential from HTTP_PROXY.
//
// Threat model: none of this is a boundary. The credential is already in the environment of
// every process of the sandbox, and code may delete this file's effect; what it may reach is
// decided by the proxy on the host.
'use strict';

const http = require('node:http');

const proxyText = process.env.HTTPS_PROXY || process.env.HTTP_PROXY;
const maxRedirects = 20;

if (proxyText && typeof globalThis.fetch === 'function') {
  const proxy = new URL(proxyText);
  const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  const authorization = `Basic ${Buffer.from(user).toString('base64')}`;

  const send = (request, body) =>
    new Promise((resolve, reject) => {
      const target = new URL(request.url);
      const headers = Object.fromEntries(request.headers);
      headers.host = target.host;
      headers['proxy-authorization'] = authorization;
      if (body !== undefined) headers['content-length'] = String(body.length);
      const options = {
        host: proxy.hostname,
        port: proxy.port || 80,
        method: request.method,
        path: target.href,
        headers,
        signal: request.signal,
      };
      const outgoing = http.request(options, (incoming) => {
        const chunks = [];
        incoming.on('data', (chunk) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => resolve({ incoming, bytes: Buffer.concat(chunks) }));
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const toResponse = ({ incoming, bytes }) => {
    const status = incoming.statusCode;
    const pairs = [];
    for (const [name, value] of Object.entries(incoming.headers)) {
      for (const one of [value].flat()) pairs.push([name, one]);
    }
    const empty = status === 204 || status === 205 || status === 304;
    return new Response(empty ? null : bytes, {
      status,
      statusText: incoming.statusMessage,
      headers: pairs,
    });
  };

  globalThis.fetch = async function fetch(resource, init) {
    let request = new Request(resource, init);
    let body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    for (let hop = 0; ; hop += 1) {
      const { protocol } = new URL(request.url);
      if (protocol !== 'http:' && protocol !== 'https:') {
        throw new TypeError(
          `fetch: only http: and https: URLs go through the proxy, not ${protocol}`,
        );
      }
      const answer = await send(request, body);
      const status = answer.incoming.statusCode;
      const location = answer.incoming.headers.location;
      const redirects = [301, 302, 303, 307, 308].includes(status) && location !== undefined;
      if (!redirects || request.redirect === 'manual') return toResponse(answer);
      if (request.redirect === 'error' || hop >= maxRedirects) {
        throw new TypeError(`fetch: redirect not followed (${status} to ${location})`);
      }
      // 303, and 301 or 302 after a POST, continue as a GET without a body (as fetch does)
      const asGet =
        status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
      const next = new URL(location, request.url);
      const headers = new Headers(request.headers);
      // credentials meant for one origin do not follow a redirect to another
      if (next.origin !== new URL(request.url).origin) headers.delete('authorization');
      request = new Request(next, {
        method: asGet ? 'GET' : request.method,
        headers,
        redirect: request.redirect,
        signal: request.signal,
      });
      if (asGet) body = undefined;
    }
  };
}
