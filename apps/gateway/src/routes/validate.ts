/** `POST /v1/validate`: the validator's findings and needs; nothing is decided or run. */
import { languages, type Language } from '@airlock/core';
import { parseStrict } from '@airlock/pipeline';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { GatewayContext } from '../context.js';
import { coveredTenant } from './executions.js';

const validateRequestSchema = z.strictObject({
  tenant: z.string().min(1).max(256),
  language: z.enum(languages as [Language, ...Language[]]),
  code: z.string(),
});

const validateHint = `A validation request is { tenant, language (${languages.join(', ')}), code }.`;

function validate(context: GatewayContext, request: FastifyRequest) {
  coveredTenant(request);
  const { language, code } = parseStrict(validateRequestSchema, request.body, validateHint);
  const result = context.validator.validate(code, { language });
  const { findings, needs, parsed, ok } = result;
  return { ok, parsed, findings, needs };
}

export function registerValidateRoute(app: FastifyInstance, context: GatewayContext): void {
  app.post('/v1/validate', async (request) => validate(context, request));
}
