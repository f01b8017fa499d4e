/**
 * The tools `airlock mcp` offers: `execute_code` (the embedded pipeline) and `validate_code`
 * (the validator alone). Threat model: the arguments come from a language model and are
 * untrusted; the SDK checks them against the schemas below and the pipeline checks the
 * request again, so a bad call is answered with a tool error, never a crash. What the code
 * may do is decided by the policy and enforced by the executor, not here.
 */
import { isAirlockError } from '@airlock/core';
import type { Pipeline, PipelineRequest, PipelineResult } from '@airlock/pipeline';
import type { Validator } from '@airlock/validator';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/** The tenant calls run for when the server is started without `--tenant`. */
export const defaultMcpTenant = 'default';

export interface McpToolOptions {
  pipeline: Pipeline;
  /** The same validator the pipeline uses, so both tools report the same findings. */
  validator: Validator;
  /** Every call runs for this tenant: `--tenant`, else {@link defaultMcpTenant}. */
  tenant: string;
}

const language = z
  .enum(['javascript', 'typescript'])
  .optional()
  .describe('The language of `code`. Default: javascript.');

const code = z
  .string()
  .describe(
    'An ES module whose default export is called as (input, env); its awaited return value is the result.',
  );

const validateSchema = z.strictObject({ code, language });

/**
 * No `tenant` argument: the tenant is fixed when the server starts, so a model steered by
 * a prompt injection cannot ask for another tenant's capabilities or kv data.
 */
function executeSchema() {
  return z.strictObject({
    code,
    language,
    // Arguments arrive as JSON and the pipeline checks them again; a recursive JSON schema
    // here would put a $ref in the tool listing, which some clients cannot read.
    input: z.unknown().optional().describe('Any JSON value, passed to the default export.'),
    capabilities: z
      .array(z.string().min(1).max(128))
      .max(64)
      .optional()
      .describe('Capabilities to ask for (log, kv, sql, fetch). Default: what the code uses.'),
  });
}

type ExecuteArgs = z.infer<ReturnType<typeof executeSchema>>;

const executeDescription = (tenant: string) =>
  [
    'Run JavaScript or TypeScript through Airlock: the validator checks it, the capability',
    'policy decides, and it runs in a V8 isolate with only the granted capabilities on `env`',
    '(env.log, env.kv, env.sql, env.fetch). No process, require, file system or timers.',
    `Runs for tenant "${tenant}", fixed when the server started; under the default policy a`,
    'tenant it does not list (such as "default") gets the log capability only, 1 s of CPU and',
    '64 MB. The answer is the pipeline result as JSON (status, value, logs, error, usage,',
    'findings, decision); isError is set when status is not "ok", with the reasons.',
  ].join(' ');

const validateDescription = [
  "Check JavaScript or TypeScript with Airlock's static validator without running it. The",
  'answer lists findings (rule, severity, message, position) and what the code appears to',
  'need (modules, hosts, capabilities); ok is false when a finding is at error level.',
].join(' ');

/**
 * Adds both tools to `server`.
 * NOTE: calls the SDK
 * refuses against the input schema never reach the pipeline and leave no audit record.
 */
export function registerMcpTools(server: McpServer, options: McpToolOptions): void {
  server.registerTool(
    'execute_code',
    {
      title: 'Execute code in the Airlock sandbox',
      description: executeDescription(options.tenant),
      inputSchema: executeSchema(),
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    },
    (args) => executeCode(args, options),
  );
  server.registerTool(
    'validate_code',
    {
      title: 'Validate code without running it',
      description: validateDescription,
      inputSchema: validateSchema,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) => validateCode(args, options.validator),
  );
}

/** One run through the pipeline; a refused or failed run is a tool error with its reasons. */
export async function executeCode(
  args: ExecuteArgs,
  options: McpToolOptions,
): Promise<CallToolResult> {
  const request: PipelineRequest = {
    tenant: options.tenant,
    language: args.language ?? 'javascript',
    code: args.code,
    ...(args.input === undefined ? {} : { input: args.input as PipelineRequest['input'] }),
    ...(args.capabilities === undefined ? {} : { capabilities: args.capabilities }),
  };
  let result: PipelineResult;
  try {
    result = await options.pipeline.run(request);
  } catch (error) {
    return toolError(error);
  }
  const ok = result.status === 'ok';
  const content: CallToolResult['content'] = [{ type: 'text', text: JSON.stringify(result) }];
  if (!ok) content.push({ type: 'text', text: `${result.status}: ${failureOf(result)}` });
  return {
    content,
    structuredContent: result as unknown as Record<string, unknown>,
    ...(ok ? {} : { isError: true }),
  };
}

/** The validator's answer for `code`; nothing runs and nothing is audited. */
export function validateCode(
  args: z.infer<typeof validateSchema>,
  validator: Validator,
): CallToolResult {
  const checked = validator.validate(args.code, { language: args.language ?? 'javascript' });
  const answer = { ok: checked.ok, findings: checked.findings, needs: checked.needs };
  return { content: [{ type: 'text', text: JSON.stringify(answer) }], structuredContent: answer };
}

function failureOf(result: PipelineResult): string {
  if (result.status === 'denied') return result.decision.reasons.join('; ');
  return result.error?.message ?? 'the run did not complete';
}

/** A request the pipeline rejected (or could not audit), as a tool error; never a crash. */
function toolError(error: unknown): CallToolResult {
  const text = isAirlockError(error)
    ? [error.message, error.hint].filter((part) => part !== undefined).join('\n')
    : `internal error: ${error instanceof Error ? error.message : String(error)}`;
  return { content: [{ type: 'text', text }], isError: true };
}
