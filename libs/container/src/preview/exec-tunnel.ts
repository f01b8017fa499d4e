/**
 * A TCP connection to one port inside a sandbox that has no network at all: a `docker exec`
 * of a small relay inside the container connects to 127.0.0.1:<port> and copies bytes
 * between that connection and its standard input and output. Threat model: no network is
 * opened for the sandbox, and the relay runs as the sandbox's own user with its limits; the
 * gateway reaches exactly the exposed port, one connection per exec.
 */
import { Duplex, PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';

/** The relay inside: a connection to the port, stdin → connection → stdout, exit on close. */
function relayProgram(port: number): string {
  return [
    `const socket = require('node:net').connect(${port}, '127.0.0.1');`,
    'process.stdin.pipe(socket);',
    "process.stdin.on('end', () => socket.end());",
    'socket.pipe(process.stdout);',
    "socket.on('error', (error) => { process.stderr.write(String(error)); process.exit(1); });",
    "socket.on('close', () => process.exit(0));",
  ].join(' ');
}

/**
 * Opens a connection to `port` inside `container`; resolves once the relay runs. Reading
 * ends when the program inside closes the connection; destroying the returned stream ends
 * the relay.
 */
export async function openExecTunnel(
  docker: Dockerode,
  container: Dockerode.Container,
  port: number,
): Promise<Duplex> {
  const exec = await container.exec({
    Cmd: ['node', '-e', relayProgram(port)],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    WorkingDir: '/tmp',
  });
  const socket = await exec.start({ hijack: true, stdin: true });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(socket, stdout, stderr);
  stderr.resume();

  const tunnel = new Duplex({
    read() {
      stdout.resume();
    },
    write(chunk: Buffer, _encoding, done) {
      socket.write(chunk, done);
    },
    final(done) {
      // Half-close is not carried by a Docker exec; the relay ends when the program inside
      // closes the connection, so the writing side just stops here.
      done();
    },
    destroy(error, done) {
      socket.destroy();
      done(error);
    },
  });
  stdout.on('data', (chunk: Buffer) => {
    if (!tunnel.push(chunk)) stdout.pause();
  });
  // The last demultiplexed bytes are still on their way through `stdout`: end after them.
  stdout.on('end', () => tunnel.push(null));
  socket.on('end', () => stdout.end());
  socket.on('close', () => stdout.end());
  socket.on('error', (error) => tunnel.destroy(error));
  return tunnel;
}
