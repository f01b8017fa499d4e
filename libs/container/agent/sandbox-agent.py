# The sandbox agent: the main process of every Airlock sandbox container.
#
# The gateway attaches to this process's standard input and output once, when the container
# starts, and asks it over that one stream to start commands and to open connections to
# ports inside. That replaces a `docker exec` (a runc start of 55-80 ms) per command with a
# fork of about a millisecond.
#
# Threat model: the agent runs as the sandbox user, with the sandbox's limits, inside the
# sandbox. It holds no secret and grants nothing a command of the tenant could not do
# itself. Code in the sandbox can kill it, trace it, or write into the stream through
# /proc/1/fd/1 (the container's init holds the same pipes); the gateway therefore parses
# everything it says as untrusted input, and a sandbox whose agent is gone has ended.
#
# Frames, both ways: kind (1 byte), channel id (4 bytes), length (4 bytes), payload; big
# endian. Standard error is for the agent's own failures only.
import json
import os
import selectors
import signal
import socket
import struct
import subprocess
import sys
import time

HEADER = struct.Struct(">BII")
# from the gateway
SPAWN, STDIN, KILL, CONNECT = 1, 2, 3, 4
# to the gateway
READY, STDOUT, STDERR, EXIT, FAIL = 0x11, 0x12, 0x13, 0x14, 0x15
CHUNK = 65536
MAX_FRAME = 1 << 20

selector = selectors.DefaultSelector()
channels = {}


def send(kind, cid, payload=b""):
    data = memoryview(HEADER.pack(kind, cid, len(payload)) + payload)
    while data:
        data = data[os.write(1, data) :]


def send_json(kind, cid, value):
    send(kind, cid, json.dumps(value).encode())


class Watch:
    """One file descriptor in the selector, with a reader, a writer or both."""

    def __init__(self, fd):
        self.fd = fd
        self.on_read = None
        self.on_write = None
        self.registered = False

    def update(self):
        events = (selectors.EVENT_READ if self.on_read else 0) | (
            selectors.EVENT_WRITE if self.on_write else 0
        )
        if events and self.registered:
            selector.modify(self.fd, events, self)
        elif events:
            selector.register(self.fd, events, self)
        elif self.registered:
            selector.unregister(self.fd)
        self.registered = bool(events)


class Sink:
    """Bytes for a pipe or socket that may not take them at once; None ends it."""

    def __init__(self, fd, close):
        self.watch = Watch(fd)
        self.pending = bytearray()
        self.ending = False
        self.close = close

    def put(self, data):
        if self.ending:
            return
        if data:
            self.pending += data
        else:
            self.ending = True
        self.flush()

    def flush(self):
        try:
            while self.pending:
                written = os.write(self.watch.fd, self.pending)
                del self.pending[:written]
        except BlockingIOError:
            pass
        except OSError:
            # the reader went away; what it did not take is dropped, like a closed pipe
            self.pending.clear()
        if self.pending:
            self.watch.on_write = self.flush
        else:
            self.watch.on_write = None
            if self.ending:
                self.close()
        self.watch.update()


class Process:
    def __init__(self, cid, spec):
        self.cid = cid
        self.cap = int(spec.get("maxOutputBytes", 1 << 20))
        self.sent = {STDOUT: 0, STDERR: 0}
        self.timed_out = False
        wants_stdin = bool(spec.get("stdin"))
        self.popen = subprocess.Popen(
            spec["argv"],
            cwd=spec.get("cwd", "/workspace"),
            env=dict(entry.split("=", 1) for entry in spec.get("env", []) if "=" in entry),
            stdin=subprocess.PIPE if wants_stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        timeout_ms = spec.get("timeoutMs")
        self.deadline = time.monotonic() + timeout_ms / 1000 if timeout_ms else None
        self.readers = {}
        for kind, pipe in ((STDOUT, self.popen.stdout), (STDERR, self.popen.stderr)):
            os.set_blocking(pipe.fileno(), False)
            watch = Watch(pipe.fileno())
            watch.on_read = lambda kind=kind, pipe=pipe: self.read(kind, pipe)
            watch.update()
            self.readers[kind] = (pipe, watch)
        self.stdin = None
        if wants_stdin:
            os.set_blocking(self.popen.stdin.fileno(), False)
            self.stdin = Sink(self.popen.stdin.fileno(), self.close_stdin)

    def read(self, kind, pipe):
        try:
            data = os.read(pipe.fileno(), CHUNK)
        except BlockingIOError:
            return False
        except OSError:
            data = b""
        if not data:
            self.forget(kind)
            return False
        room = self.cap - self.sent[kind]
        if room > 0:
            send(kind, self.cid, data[:room])
        self.sent[kind] += len(data)
        return True

    def forget(self, kind):
        pipe, watch = self.readers.pop(kind, (None, None))
        if pipe is not None:
            watch.on_read = None
            watch.update()
            pipe.close()

    def close_stdin(self):
        if self.stdin is not None:
            self.stdin.watch.on_write = None
            self.stdin.watch.update()
            self.popen.stdin.close()
            self.stdin = None

    def write(self, data):
        if self.stdin is not None:
            self.stdin.put(data)

    def kill(self):
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except OSError:
            pass

    def expire(self, now):
        if self.deadline is not None and now >= self.deadline:
            self.deadline = None
            self.timed_out = True
            self.kill()

    def reap(self):
        code = self.popen.poll()
        if code is None:
            return
        # What the command wrote before it ended is in the pipes; children that keep them
        # open lose the rest, as they would once the command is gone.
        for kind in list(self.readers):
            while kind in self.readers and self.read(kind, self.readers[kind][0]):
                pass
            self.forget(kind)
        self.close_stdin()
        del channels[self.cid]
        exit_code = 128 - code if code < 0 else code
        truncated = any(sent > self.cap for sent in self.sent.values())
        send_json(EXIT, self.cid, {"code": exit_code, "timedOut": self.timed_out, "truncated": truncated})


class Connection:
    """A TCP connection to a port inside the sandbox, for previews."""

    def __init__(self, cid, spec):
        self.cid = cid
        self.deadline = None
        self.sock = socket.create_connection(("127.0.0.1", int(spec["port"])), timeout=5)
        self.sock.setblocking(False)
        self.sink = Sink(self.sock.fileno(), self.half_close)
        self.sink.watch.on_read = self.read
        self.sink.watch.update()

    def read(self):
        try:
            data = self.sock.recv(CHUNK)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data:
            send(STDOUT, self.cid, data)
        else:
            self.finish(0)

    def half_close(self):
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def write(self, data):
        self.sink.put(data)

    def kill(self):
        self.finish(137)

    def expire(self, now):
        pass

    def reap(self):
        pass

    def finish(self, code):
        self.sink.watch.on_read = self.sink.watch.on_write = None
        self.sink.watch.update()
        self.sock.close()
        channels.pop(self.cid, None)
        send_json(EXIT, self.cid, {"code": code, "timedOut": False, "truncated": False})


def open_channel(kind, cid, payload):
    try:
        spec = json.loads(payload)
        channels[cid] = (Process if kind == SPAWN else Connection)(cid, spec)
    except OSError as error:
        send_json(FAIL, cid, {"errno": error.errno or 0, "message": str(error)})
    except (ValueError, KeyError, TypeError) as error:
        send_json(FAIL, cid, {"errno": 0, "message": "bad request: " + str(error)})


class Control:
    """Frames from the gateway on standard input."""

    def __init__(self):
        self.buffer = bytearray()
        os.set_blocking(0, False)
        self.watch = Watch(0)
        self.watch.on_read = self.read
        self.watch.update()

    def read(self):
        try:
            data = os.read(0, CHUNK * 4)
        except BlockingIOError:
            return
        if not data:
            # The gateway let go of the sandbox: nothing may run on unwatched.
            for channel in list(channels.values()):
                channel.kill()
            sys.exit(0)
        self.buffer += data
        while len(self.buffer) >= HEADER.size:
            kind, cid, length = HEADER.unpack_from(self.buffer)
            if length > MAX_FRAME:
                sys.stderr.write("agent: frame too large\n")
                sys.exit(2)
            if len(self.buffer) < HEADER.size + length:
                break
            payload = bytes(self.buffer[HEADER.size : HEADER.size + length])
            del self.buffer[: HEADER.size + length]
            self.dispatch(kind, cid, payload)

    def dispatch(self, kind, cid, payload):
        channel = channels.get(cid)
        if kind in (SPAWN, CONNECT) and channel is None:
            open_channel(kind, cid, payload)
        elif kind == STDIN and channel is not None:
            channel.write(payload)
        elif kind == KILL and channel is not None:
            channel.kill()


def main():
    os.set_blocking(1, True)
    wake_read, wake_write = socket.socketpair()
    wake_read.setblocking(False)
    wake_write.setblocking(False)
    signal.set_wakeup_fd(wake_write.fileno(), warn_on_full_buffer=False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    children = Watch(wake_read.fileno())

    def drain_wakeups():
        try:
            while wake_read.recv(4096):
                pass
        except BlockingIOError:
            pass

    children.on_read = drain_wakeups
    children.update()
    Control()
    send_json(READY, 0, {"pid": os.getpid()})
    while True:
        deadlines = [c.deadline for c in channels.values() if c.deadline is not None]
        wait = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        for key, events in selector.select(wait):
            watch = key.data
            if events & selectors.EVENT_READ and watch.on_read:
                watch.on_read()
            if events & selectors.EVENT_WRITE and watch.on_write:
                watch.on_write()
        now = time.monotonic()
        for channel in list(channels.values()):
            channel.expire(now)
            channel.reap()


main()
