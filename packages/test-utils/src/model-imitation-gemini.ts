import type { ServerResponse } from 'node:http';

/**
 * The Gemini API (Google AI, `generativelanguage` v1beta) as Gemini CLI calls it through
 * `GOOGLE_GEMINI_BASE_URL`: `POST /v1beta/models/<model>:generateContent` (one JSON response),
 * `…:streamGenerateContent?alt=sse` (server-sent events, each a GenerateContentResponse) and
 * `…:countTokens`. Requests carry `contents[]` of `{role: "user"|"model", parts[]}` where a part is
 * `{text}`, `{functionCall: {name, args}}` or `{functionResponse: {name, response}}`, and `tools[]` of
 * `{functionDeclarations[]}`. Errors are `{"error": {code, message, status, details[]}}`.
 */

/** The model named in a Gemini API path, and which method was called; null for other paths. */
export function geminiRoute(path: string): { model: string; method: 'generateContent' | 'streamGenerateContent' | 'countTokens' } | null {
  const match = /\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/.exec(path);
  if (!match?.[1] || !match[2]) return null;
  return { model: decodeURIComponent(match[1]), method: match[2] as 'generateContent' | 'streamGenerateContent' | 'countTokens' };
}

interface GeminiPart {
  readonly text?: unknown;
  readonly thought?: unknown;
  readonly functionCall?: { readonly name?: unknown; readonly args?: unknown };
  readonly functionResponse?: { readonly name?: unknown; readonly response?: unknown };
}

interface GeminiContent {
  readonly role?: unknown;
  readonly parts?: readonly GeminiPart[];
}

const partsOf = (content: GeminiContent | undefined): readonly GeminiPart[] => (Array.isArray(content?.parts) ? content.parts : []);

/** The conversation facts of a Gemini request body (the same ones the other APIs give). */
export function understandGeminiBody(body: Record<string, unknown>): {
  lastUserText: string;
  hasToolResult: boolean;
  toolResultText: string;
  hasTools: boolean;
} {
  const contents = Array.isArray(body.contents) ? (body.contents as GeminiContent[]) : [];
  const last = contents[contents.length - 1];
  // A tool's result travels as a user turn of functionResponse parts; the user's words are text parts.
  const lastUser = [...contents]
    .reverse()
    .find((content) => content.role === 'user' && partsOf(content).some((part) => typeof part.text === 'string'));
  const results = partsOf(last).filter((part) => part.functionResponse);
  const tools = Array.isArray(body.tools) ? (body.tools as { functionDeclarations?: unknown[] }[]) : [];
  return {
    lastUserText: partsOf(lastUser)
      .map((part) => (typeof part.text === 'string' ? part.text : ''))
      .filter(Boolean)
      .join('\n'),
    hasToolResult: results.length > 0,
    toolResultText: results.map((part) => JSON.stringify(part.functionResponse?.response ?? {})).join('\n'),
    hasTools: tools.some((tool) => Array.isArray(tool.functionDeclarations) && tool.functionDeclarations.length > 0),
  };
}

/** Google's canonical status name for an HTTP error code (google.rpc.Code). */
export function geminiStatusName(code: number): string {
  const names: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
  };
  return names[code] ?? 'UNKNOWN';
}

export interface GeminiAnswer {
  readonly text?: string | undefined;
  readonly toolCall?: { readonly name: string; readonly input: Record<string, unknown> } | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pieces(text: string, size = 12): string[] {
  const out: string[] = [];
  for (let index = 0; index < text.length; index += size) out.push(text.slice(index, index + size));
  return out.length ? out : [''];
}

/** Answers a generateContent or streamGenerateContent call with text and/or one function call. */
export async function answerGemini(
  model: string,
  stream: boolean,
  answer: GeminiAnswer,
  response: ServerResponse,
  timing: { readonly firstTokenDelayMs: number; readonly chunkDelayMs: number; readonly headers: Readonly<Record<string, string>> },
): Promise<void> {
  const responseId = `imitation-${Math.random().toString(36).slice(2, 12)}`;
  const usage = (final: boolean) => ({
    promptTokenCount: 12,
    ...(final ? { candidatesTokenCount: 8, totalTokenCount: 20 } : { totalTokenCount: 12 }),
  });
  const envelope = (parts: Record<string, unknown>[], finishReason: string | null, final: boolean) => ({
    candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index: 0 }],
    usageMetadata: usage(final),
    modelVersion: model,
    responseId,
  });
  const callPart = answer.toolCall ? { functionCall: { name: answer.toolCall.name, args: answer.toolCall.input } } : null;
  if (!stream) {
    await sleep(timing.firstTokenDelayMs);
    const parts: Record<string, unknown>[] = [];
    if (answer.text) parts.push({ text: answer.text });
    if (callPart) parts.push(callPart);
    response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', ...timing.headers });
    response.end(JSON.stringify(envelope(parts, 'STOP', true)));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...timing.headers });
  const send = (data: unknown) => response.write(`data: ${JSON.stringify(data)}\r\n\r\n`);
  await sleep(timing.firstTokenDelayMs);
  const texts = answer.text ? pieces(answer.text) : [];
  for (const [index, piece] of texts.entries()) {
    const last = index === texts.length - 1 && !callPart;
    send(envelope([{ text: piece }], last ? 'STOP' : null, last));
    if (!last) await sleep(timing.chunkDelayMs);
  }
  if (callPart) send(envelope([callPart], 'STOP', true));
  if (!texts.length && !callPart) send(envelope([{ text: '' }], 'STOP', true));
  response.end();
}
