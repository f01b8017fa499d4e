/**
 * A TCP connection to one port inside a sandbox that has no network at all: the sandbox's
 * agent connects to 127.0.0.1:<port> and relays bytes over its channel. Threat model: no
 * network is opened for the sandbox, and the agent runs as the sandbox's own user with its
 * limits; the gateway reaches exactly the exposed port, one connection per channel.
 */
import { Duplex } from 'node:stream';
import type { AgentChannel, SandboxAgent } from '../agent/sandbox-agent.js';

/**
 * Channels share the agent's one stream, so a slow reader cannot hold the agent back; what it
 * has not read is buffered here, up to this much, and the connection is cut beyond it.
 */
const maxUnreadBytes = 8 * 1024 * 1024;

/**
 * A connection to `port` inside; a refused connection destroys the stream with the agent's
 * error. Ending the writing side half-closes the connection inside; destroying the stream
 * closes it.
 */
export function openAgentTunnel(agent: SandboxAgent, port: number): Duplex {
  let ended = false;
  const tunnel = new Duplex({
    read() {
      // frames arrive as the agent sends them; nothing to ask for
    },
    write(chunk: Buffer, _encoding, done) {
      channel.write(chunk);
      done();
    },
    final(done) {
      channel.end();
      done();
    },
    destroy(error, done) {
      if (!ended) channel.kill();
      done(error);
    },
  });
  // the callbacks above run only after this assignment: a stream calls them asynchronously
  const channel: AgentChannel = agent.connect(port, {
    onData: (_stream, chunk) => {
      tunnel.push(chunk);
      if (tunnel.readableLength > maxUnreadBytes) {
        tunnel.destroy(new Error(`the reader fell more than ${maxUnreadBytes} bytes behind`));
      }
    },
    onExit: () => {
      ended = true;
      tunnel.push(null);
    },
    onFail: (error) => {
      ended = true;
      tunnel.destroy(error);
    },
  });
  return tunnel;
}
