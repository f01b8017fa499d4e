/**
 * The sandbox agent's wire format (see agent/sandbox-agent.py): kind (1 byte), channel id
 * (4 bytes), payload length (4 bytes), payload; big endian, both ways.
 * Threat model: frames from the agent are untrusted, since code in the sandbox can write into
 * the agent's standard output. The reader bounds every frame, rejects unknown kinds and never
 * grows beyond one frame; a malformed stream ends the sandbox, it is not repaired.
 */

export const frameHeaderBytes = 9;
/** The largest payload either side sends; the agent refuses bigger ones the same way. */
export const maxFramePayloadBytes = 1 << 20;

export const ToAgent = { spawn: 1, stdin: 2, kill: 3, connect: 4 } as const;
export const FromAgent = {
  ready: 0x11,
  stdout: 0x12,
  stderr: 0x13,
  exit: 0x14,
  fail: 0x15,
} as const;

export type FromAgentKind = (typeof FromAgent)[keyof typeof FromAgent];
const fromAgentKinds = new Set<number>(Object.values(FromAgent));

export interface Frame {
  kind: FromAgentKind;
  id: number;
  payload: Buffer;
}

export function encodeFrame(kind: number, id: number, payload: Uint8Array = Buffer.alloc(0)) {
  if (payload.length > maxFramePayloadBytes) {
    throw new RangeError(
      `frame payload of ${payload.length} bytes exceeds ${maxFramePayloadBytes}`,
    );
  }
  const header = Buffer.alloc(frameHeaderBytes);
  header.writeUInt8(kind, 0);
  header.writeUInt32BE(id, 1);
  header.writeUInt32BE(payload.length, 5);
  return Buffer.concat([header, payload]);
}

/** A broken stream from the agent: the sandbox can no longer be trusted to answer. */
export class AgentProtocolError extends Error {
  override readonly name = 'AgentProtocolError';
}

/** Cuts the agent's byte stream into frames; throws AgentProtocolError on anything malformed. */
export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Feeds bytes in; answers the frames they complete. */
  push(chunk: Buffer): Frame[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: Frame[] = [];
    while (this.pendingBytes >= frameHeaderBytes) {
      const head = this.peek(frameHeaderBytes);
      const kind = head.readUInt8(0);
      const length = head.readUInt32BE(5);
      if (!fromAgentKinds.has(kind)) {
        throw new AgentProtocolError(`unknown frame kind ${kind}`);
      }
      if (length > maxFramePayloadBytes) {
        throw new AgentProtocolError(`frame of ${length} bytes exceeds ${maxFramePayloadBytes}`);
      }
      if (this.pendingBytes < frameHeaderBytes + length) break;
      const whole = this.take(frameHeaderBytes + length);
      frames.push({
        kind: kind as FromAgentKind,
        id: head.readUInt32BE(1),
        payload: whole.subarray(frameHeaderBytes),
      });
    }
    return frames;
  }

  private peek(bytes: number): Buffer {
    if (this.pending[0]!.length < bytes) this.pending = [Buffer.concat(this.pending)];
    return this.pending[0]!.subarray(0, bytes);
  }

  private take(bytes: number): Buffer {
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = all.length > bytes ? [all.subarray(bytes)] : [];
    this.pendingBytes -= bytes;
    return all.subarray(0, bytes);
  }
}

/** A JSON payload from the agent, checked to be an object; anything else is a protocol error. */
export function parsePayload(frame: Frame): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(frame.payload.toString('utf8'));
  } catch {
    throw new AgentProtocolError(`frame ${frame.kind} carries malformed JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AgentProtocolError(`frame ${frame.kind} carries no JSON object`);
  }
  return value as Record<string, unknown>;
}
