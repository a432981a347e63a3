import { AgentPoolError, type ErrorCode, echoValue, redact, toAgentPoolError } from '@agentpool/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { ToolOutput } from './tool-definition.js';

export function toolSuccess(output: ToolOutput): CallToolResult {
  return { content: [{ type: 'text', text: output.text }], structuredContent: output.value };
}

/**
 * A failed call as a tool result the model can read and act on: `isError` and the CLI's error
 * envelope (`{"error":{code,message,retryable,details}}`), redacted. No structuredContent: that
 * would be checked against the tool's output schema.
 */
export function toolFailure(error: unknown): CallToolResult {
  const failure = toAgentPoolError(error);
  return { isError: true, content: [{ type: 'text', text: redact(JSON.stringify({ error: failure.toJSON() })) }] };
}

/** Fields whose bad value has a code of its own, as the CLI's options do. */
const FIELD_CODES: Readonly<Record<string, ErrorCode>> = {
  timeout_seconds: 'INVALID_TIMEOUT',
  wait_for: 'INVALID_WAIT_FOR',
  offset: 'INVALID_TRANSCRIPT_RANGE',
  limit: 'INVALID_TRANSCRIPT_RANGE',
  tail_lines: 'INVALID_TRANSCRIPT_RANGE',
};

/** Arguments that violate a tool's input schema: which fields and why, never the values themselves. */
export function schemaViolation(toolName: string, error: z.ZodError): AgentPoolError {
  const issues = error.issues.map((issue) => ({
    field: echoValue(issue.path.map(String).join('.') || '(arguments)', 80),
    problem: echoValue(issue.message, 200),
  }));
  const fields = [...new Set(issues.map((issue) => issue.field.split('.')[0] ?? ''))];
  const codes = new Set(fields.map((field) => FIELD_CODES[field] ?? 'INVALID_REQUEST'));
  const code = codes.size === 1 ? ([...codes][0] ?? 'INVALID_REQUEST') : 'INVALID_REQUEST';
  const summary = issues
    .slice(0, 5)
    .map((issue) => `${issue.field}: ${issue.problem}`)
    .join('; ');
  return new AgentPoolError(
    code,
    `Invalid arguments for ${toolName}: ${summary}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}.`,
    {
      details: { tool: toolName, issues: issues.slice(0, 20) },
    },
  );
}
