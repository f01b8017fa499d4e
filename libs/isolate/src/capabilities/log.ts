/**
 * `env.log.info|warn|error(message, data?)`: structured log lines from the code.
 * Threat model: the code controls message and data, so both are capped before they
 * reach the host logger, and tenant and execution id come from the executor, never from
 * the code. Each entry also goes to the execution's result logs via `context.appendLog`,
 * where the executor caps the total output of one execution.
 */
import type { Logger } from '@airlock/core';
import { z } from 'zod';
import type { CallContext, Capability, Json, LogEntry } from '../types.js';
import { buildCapability } from './define.js';
import { copyJson, jsonBytes, truncateUtf8, utf8Bytes } from './json-value.js';

export interface LogCapabilityOptions {
  logger: Logger;
  /** Longer messages are cut to this many UTF-8 bytes. Default 8 KiB. */
  maxMessageBytes?: number;
  /** Data whose JSON is longer is replaced by a note saying so. Default 16 KiB. */
  maxDataBytes?: number;
  /**
   * Called with every entry, after capping. The executor already puts each entry in the
   * result's logs through `context.appendLog`; this is for hosts that want them elsewhere.
   */
  onEntry?: (context: CallContext, entry: LogEntry) => void;
}

export type CapabilityLogLevel = 'info' | 'warn' | 'error';

const truncatedMark = '…[truncated]';

export function createLogCapability(options: LogCapabilityOptions): Capability {
  const maxMessageBytes = options.maxMessageBytes ?? 8 * 1024;
  const maxDataBytes = options.maxDataBytes ?? 16 * 1024;
  const args = z.tuple([z.string(), z.unknown().optional()]);

  const method = (level: CapabilityLogLevel) => ({
    args,
    handler: (context: CallContext, [message, data]: [string, unknown?]): null => {
      const capped: Omit<LogEntry, 'source'> = {
        level,
        message: capMessage(message, maxMessageBytes),
      };
      if (data !== undefined) capped.data = capData(data, maxDataBytes);

      const fields = {
        event: 'isolate.log',
        tenant: context.tenant,
        executionId: context.executionId,
      };
      options.logger[level]({ ...fields, level, data: capped.data }, capped.message);
      context.appendLog?.(capped);
      options.onEntry?.(context, { ...capped, source: 'env.log' });
      return null;
    },
  });

  return buildCapability({
    name: 'log',
    methods: { info: method('info'), warn: method('warn'), error: method('error') },
  });
}

function capMessage(message: string, maxBytes: number): string {
  if (utf8Bytes(message) <= maxBytes) return message;
  const room = Math.max(0, maxBytes - utf8Bytes(truncatedMark));
  return truncateUtf8(message, room) + truncatedMark;
}

/** Data that is not JSON or too large is replaced, so a log call never fails on its data. */
function capData(data: unknown, maxBytes: number): Json {
  const copy = copyJson(data);
  if (copy === undefined) return { dropped: 'data is not plain JSON' };

  const bytes = jsonBytes(copy);
  if (bytes > maxBytes) return { dropped: `data of ${bytes} bytes exceeds ${maxBytes} bytes` };
  return copy;
}
