/**
 * Capability calls from isolates, answered in the host. Threat model: the code names a
 * capability, a method and JSON arguments, nothing more; the tenant and execution come
 * from the executor's own session, grants and call limits are checked here, and only a
 * JSON value or an error message goes back.
 */
import { ConfigError } from '@airlock/core';
import type { CallContext, Capability, Json, LogEntry } from '../types.js';
import type { CapabilityReply } from '../worker/protocol.js';

interface Session {
  context: CallContext;
  granted: ReadonlySet<string>;
  maxCapabilityCalls: number;
  totalCalls: number;
  calls: Record<string, number>;
}

export interface SessionOptions {
  tenant: string;
  executionId: string;
  granted: string[];
  maxCapabilityCalls: number;
}

/**
 * NOTE: a capability method that never settles is abandoned when its execution ends by
 * wall time; its promise stays pending in the host, so capabilities should bound their
 * own work.
 */
export class CapabilityDispatcher {
  private readonly byName = new Map<string, Capability>();
  private readonly sessions = new Map<string, Session>();

  constructor(capabilities: Capability[]) {
    for (const capability of capabilities) {
      if (this.byName.has(capability.name)) {
        throw new ConfigError(
          'capabilities',
          `the capability "${capability.name}" is given twice`,
          {
            hint: 'pass each capability once',
          },
        );
      }
      this.byName.set(capability.name, capability);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The method names of each granted capability, which become `env.<cap>.<method>`. */
  methodsOf(names: string[]): Record<string, string[]> {
    const methods: Record<string, string[]> = {};
    for (const name of names) {
      const capability = this.byName.get(name);
      if (capability !== undefined) methods[name] = Object.keys(capability.methods);
    }
    return methods;
  }

  open(options: SessionOptions): void {
    this.sessions.set(options.executionId, {
      context: { tenant: options.tenant, executionId: options.executionId },
      granted: new Set(options.granted),
      maxCapabilityCalls: options.maxCapabilityCalls,
      totalCalls: 0,
      calls: {},
    });
  }

  /** Ends a session and answers its call counts per capability. */
  close(executionId: string): Record<string, number> {
    const calls = this.sessions.get(executionId)?.calls ?? {};
    this.sessions.delete(executionId);
    return calls;
  }

  async dispatch(
    executionId: string,
    capabilityName: string,
    method: string,
    argsJson: string,
  ): Promise<CapabilityReply> {
    const logs: CapabilityReply['logs'] = [];
    const session = this.sessions.get(executionId);
    if (session === undefined) return refuse('the execution has ended', logs);
    const capability = session.granted.has(capabilityName)
      ? this.byName.get(capabilityName)
      : undefined;
    if (capability === undefined) {
      return refuse(`the capability "${capabilityName}" is not granted`, logs);
    }
    if (!Object.hasOwn(capability.methods, method)) {
      return refuse(`the capability "${capabilityName}" has no method "${method}"`, logs);
    }
    if (session.totalCalls >= session.maxCapabilityCalls) {
      const limit = session.maxCapabilityCalls;
      return refuse(`capability call limit reached (maxCapabilityCalls ${limit})`, logs);
    }
    session.totalCalls += 1;
    session.calls[capabilityName] = (session.calls[capabilityName] ?? 0) + 1;
    return invoke(capability, method, { ...session.context }, argsJson, logs);
  }
}

async function invoke(
  capability: Capability,
  method: string,
  context: CallContext,
  argsJson: string,
  logs: CapabilityReply['logs'],
): Promise<CapabilityReply> {
  let args: unknown;
  try {
    args = JSON.parse(argsJson);
  } catch {
    return refuse('capability arguments must be JSON', logs);
  }
  if (!Array.isArray(args)) return refuse('capability arguments must be a list', logs);
  const callContext: CallContext = { ...context, appendLog: (entry) => logs.push(entry) };
  try {
    const value = await (capability.methods[method] as Capability['methods'][string])(
      callContext,
      args as Json[],
    );
    return { envelopeJson: JSON.stringify({ ok: true, value: value ?? null }), logs };
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error), logs);
  }
}

function refuse(message: string, logs: Omit<LogEntry, 'source'>[]): CapabilityReply {
  return { envelopeJson: JSON.stringify({ ok: false, message }), logs };
}
