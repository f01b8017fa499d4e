/** One JSON message of the engine's build or import stream. */
export interface EngineMessage {
  stream?: string;
  status?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { ID?: string };
}

/**
 * Reads the newline-separated JSON messages the engine answers a build or an import with,
 * calling `onMessage` for each as it arrives. A line that is not JSON is passed on as text,
 * so a surprise in the stream is shown, never lost.
 */
export async function readEngineMessages(
  stream: NodeJS.ReadableStream,
  onMessage: (message: EngineMessage) => void,
): Promise<void> {
  let pending = '';
  const handle = (line: string) => {
    const text = line.trim();
    if (text === '') return;
    try {
      onMessage(JSON.parse(text) as EngineMessage);
    } catch {
      onMessage({ stream: text });
    }
  };
  for await (const chunk of stream) {
    pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(handle);
  }
  handle(pending);
}

/** The engine's error message in a stream message, if it carries one. */
export function engineError(message: EngineMessage): string | undefined {
  return message.errorDetail?.message ?? message.error;
}
