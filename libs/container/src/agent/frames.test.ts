import { describe, expect, it } from 'vitest';
import {
  AgentProtocolError,
  encodeFrame,
  FrameReader,
  FromAgent,
  maxFramePayloadBytes,
  parsePayload,
} from './frames.js';

describe('FrameReader', () => {
  it('reassembles frames split at every byte and answers them in order', () => {
    const bytes = Buffer.concat([
      encodeFrame(FromAgent.stdout, 7, Buffer.from('hello')),
      encodeFrame(FromAgent.exit, 7, Buffer.from('{"code":3}')),
      encodeFrame(FromAgent.stderr, 0xffffffff),
    ]);
    const reader = new FrameReader();
    const frames = [];
    for (const byte of bytes) frames.push(...reader.push(Buffer.from([byte])));
    expect(frames.map((f) => [f.kind, f.id, f.payload.toString()])).toEqual([
      [FromAgent.stdout, 7, 'hello'],
      [FromAgent.exit, 7, '{"code":3}'],
      [FromAgent.stderr, 0xffffffff, ''],
    ]);
  });

  it('refuses a frame that claims more than the largest payload, before it arrives', () => {
    const header = Buffer.alloc(9);
    header.writeUInt8(FromAgent.stdout, 0);
    header.writeUInt32BE(maxFramePayloadBytes + 1, 5);
    expect(() => new FrameReader().push(header)).toThrow(AgentProtocolError);
  });

  it('refuses kinds the agent never sends, including the ones it receives', () => {
    for (const kind of [0, 1, 2, 0x10, 0x16, 0xff]) {
      const frame = Buffer.alloc(9);
      frame.writeUInt8(kind, 0);
      expect(() => new FrameReader().push(frame)).toThrow(/unknown frame kind/);
    }
  });

  it('accepts only JSON objects as structured payloads', () => {
    const frame = (text: string) => ({
      kind: FromAgent.exit,
      id: 1,
      payload: Buffer.from(text),
    });
    expect(parsePayload(frame('{"code":0}'))).toEqual({ code: 0 });
    for (const bad of ['', '[1]', 'null', '"x"', '{"code":', '\u0000']) {
      expect(() => parsePayload(frame(bad))).toThrow(AgentProtocolError);
    }
  });
});

describe('encodeFrame', () => {
  it('refuses payloads larger than the agent accepts', () => {
    expect(() => encodeFrame(1, 1, Buffer.alloc(maxFramePayloadBytes + 1))).toThrow(RangeError);
    expect(encodeFrame(1, 1, Buffer.alloc(maxFramePayloadBytes)).length).toBe(
      maxFramePayloadBytes + 9,
    );
  });
});
