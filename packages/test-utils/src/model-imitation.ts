import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerGemini, geminiRoute, geminiStatusName, understandGeminiBody } from './model-imitation-gemini.js';

/**
 * A small HTTP server on 127.0.0.1 that imitates the model APIs the agent CLIs call, so the real
 * clients (Claude Code, Codex, Copilot, opencode) complete real turns offline. It speaks the
 * Anthropic Messages API (`POST /v1/messages`, streaming SSE or JSON, and `count_tokens`), the
 * OpenAI Responses API (`POST /v1/responses`, SSE), OpenAI Chat Completions
 * (`POST /v1/chat/completions`, SSE) and the Gemini API (`POST /v1beta/models/<model>:generateContent`,
 * `:streamGenerateContent?alt=sse`, `:countTokens`). What it answers is up to the test's `reply` function.
 */

/** One request as the imitation understood it. */
export interface ConversationRequest {
  readonly api: 'anthropic' | 'openai-responses' | 'openai-chat' | 'gemini';
  readonly path: string;
  readonly model: string | null;
  readonly stream: boolean;
  /** Text of the last user message (text parts only, tool results excluded). */
  readonly lastUserText: string;
  /** Whether the last user message carries a tool result (the client ran a tool we asked for). */
  readonly hasToolResult: boolean;
  /** The output of the last tool result, when there is one. */
  readonly toolResultText: string;
  /** Whether the client offered tools (the main agent loop does; title and quota calls do not). */
  readonly hasTools: boolean;
  readonly body: Record<string, unknown>;
}

/** What the imitation answers: text, a call of one of the client's tools, or an HTTP error. */
export type ImitationReply =
  | { readonly text: string; readonly toolCall?: undefined; readonly error?: undefined }
  | {
      readonly text?: string;
      readonly toolCall: { readonly name: string; readonly input: Record<string, unknown> };
      readonly error?: undefined;
    }
  | { readonly error: ImitationError; readonly text?: undefined; readonly toolCall?: undefined };

/**
 * An error response, in the format of the API called (`{"type":"error","error":{…}}` for Anthropic,
 * `{"error":{…}}` for OpenAI, `{"error":{code, message, status, details}}` for Gemini).
 */
export interface ImitationError {
  readonly status: number;
  /** The API's error type (`rate_limit_error`, `invalid_request_error`, `usage_limit_reached`, …). */
  readonly type: string;
  /** OpenAI's `code` (`rate_limit_exceeded`, `insufficient_quota`); defaults to `type`. Anthropic errors have none. */
  readonly code?: string;
  readonly message: string;
  /** Extra response headers (`x-should-retry: false` stops the Anthropic and OpenAI clients from retrying). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Gemini only: the error's `details` (google.rpc QuotaFailure, RetryInfo, ErrorInfo, …). */
  readonly details?: readonly unknown[];
  /** Extra fields of the error object (Codex reads `resets_at` / `plan_type` of a `usage_limit_reached`). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

export interface ModelImitationOptions {
  /** Decides each answer. Default: a short text. */
  readonly reply?: (request: ConversationRequest) => ImitationReply;
  /** Pause before the first streamed event, so a client visibly works (ms, default 300). */
  readonly firstTokenDelayMs?: number;
  /** Pause between streamed text chunks (ms, default 15). */
  readonly chunkDelayMs?: number;
  /** Extra response headers for every model call (e.g. Codex's `x-codex-primary-used-percent`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ModelImitation {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Every model call received, oldest first. */
  readonly requests: readonly ConversationRequest[];
  /** Other requests (paths the imitation does not serve), for debugging a client's set-up. */
  readonly unhandled: readonly string[];
  close(): Promise<void>;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      const item = part as Record<string, unknown>;
      if (item.type === 'text' || item.type === 'input_text' || item.type === 'output_text') return String(item.text ?? '');
      return '';
    })
    .filter(Boolean)
    .join('\n');
}

function toolResultOf(content: unknown): string | null {
  if (!Array.isArray(content)) return null;
  const result = content.find((part) => (part as Record<string, unknown>).type === 'tool_result') as Record<string, unknown> | undefined;
  if (!result) return null;
  return typeof result.content === 'string' ? result.content : textOf(result.content);
}

function understand(api: ConversationRequest['api'], path: string, body: Record<string, unknown>): ConversationRequest {
  const base = {
    api,
    path,
    model: typeof body.model === 'string' ? body.model : null,
    stream: body.stream === true,
    hasTools: Array.isArray(body.tools) && body.tools.length > 0,
    body,
  };
  if (api === 'openai-responses') {
    const input = Array.isArray(body.input) ? (body.input as Record<string, unknown>[]) : [];
    const last = input[input.length - 1];
    const lastUser = [...input].reverse().find((item) => item.role === 'user');
    const toolOutput = last?.type === 'function_call_output' || last?.type === 'custom_tool_call_output' ? last : undefined;
    return {
      ...base,
      stream: body.stream !== false,
      lastUserText: lastUser ? textOf(lastUser.content) : typeof body.input === 'string' ? body.input : '',
      hasToolResult: toolOutput !== undefined,
      toolResultText: toolOutput ? String(toolOutput.output ?? '') : '',
    };
  }
  const messages = Array.isArray(body.messages) ? (body.messages as Record<string, unknown>[]) : [];
  const last = messages[messages.length - 1];
  if (api === 'openai-chat') {
    const lastUser = [...messages].reverse().find((message) => message.role === 'user');
    return {
      ...base,
      lastUserText: lastUser ? textOf(lastUser.content) : '',
      hasToolResult: last?.role === 'tool',
      toolResultText: last?.role === 'tool' ? textOf(last.content) : '',
    };
  }
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const toolResult = last?.role === 'user' ? toolResultOf(last.content) : null;
  return {
    ...base,
    lastUserText: lastUser ? textOf(lastUser.content) : '',
    hasToolResult: toolResult !== null,
    toolResultText: toolResult ?? '',
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Splits text into small pieces, as a model streams it. */
function chunks(text: string, size = 12): string[] {
  const out: string[] = [];
  for (let index = 0; index < text.length; index += size) out.push(text.slice(index, index + size));
  return out.length ? out : [''];
}

interface Stream {
  event(name: string | null, data: unknown): void;
  end(): void;
}

function sseStream(response: ServerResponse, headers: Readonly<Record<string, string>>): Stream {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers });
  return {
    event(name, data) {
      response.write(`${name ? `event: ${name}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    },
    end() {
      response.end();
    },
  };
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}_imitation_${++counter}`;

async function answerAnthropic(
  request: ConversationRequest,
  reply: ImitationReply,
  response: ServerResponse,
  options: Required<Omit<ModelImitationOptions, 'reply'>>,
): Promise<void> {
  const id = nextId('msg');
  const model = request.model ?? 'claude-imitation';
  const usage = { input_tokens: 12, output_tokens: 8, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const toolId = nextId('toolu');
  const content: Record<string, unknown>[] = [];
  if (reply.text) content.push({ type: 'text', text: reply.text });
  if (reply.toolCall) content.push({ type: 'tool_use', id: toolId, name: reply.toolCall.name, input: reply.toolCall.input });
  const stopReason = reply.toolCall ? 'tool_use' : 'end_turn';
  if (!request.stream) {
    await sleep(options.firstTokenDelayMs);
    response.writeHead(200, { 'content-type': 'application/json', ...options.headers });
    response.end(
      JSON.stringify({ id, type: 'message', role: 'assistant', model, content, stop_reason: stopReason, stop_sequence: null, usage }),
    );
    return;
  }
  const stream = sseStream(response, options.headers);
  stream.event('message_start', {
    type: 'message_start',
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage },
  });
  await sleep(options.firstTokenDelayMs);
  let index = 0;
  if (reply.text) {
    stream.event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    for (const piece of chunks(reply.text)) {
      stream.event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
      await sleep(options.chunkDelayMs);
    }
    stream.event('content_block_stop', { type: 'content_block_stop', index });
    index++;
  }
  if (reply.toolCall) {
    stream.event('content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: toolId, name: reply.toolCall.name, input: {} },
    });
    stream.event('content_block_delta', {
      type: 'content_block_delta',
      index,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(reply.toolCall.input) },
    });
    stream.event('content_block_stop', { type: 'content_block_stop', index });
  }
  stream.event('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: 8 },
  });
  stream.event('message_stop', { type: 'message_stop' });
  stream.end();
}

async function answerResponses(
  request: ConversationRequest,
  reply: ImitationReply,
  response: ServerResponse,
  options: Required<Omit<ModelImitationOptions, 'reply'>>,
): Promise<void> {
  const id = nextId('resp');
  const model = request.model ?? 'gpt-imitation';
  const created = Math.floor(Date.now() / 1000);
  const stream = sseStream(response, options.headers);
  const shell = { id, object: 'response', created_at: created, model, status: 'in_progress', output: [] as unknown[] };
  stream.event('response.created', { type: 'response.created', response: shell });
  stream.event('response.in_progress', { type: 'response.in_progress', response: shell });
  await sleep(options.firstTokenDelayMs);
  const output: Record<string, unknown>[] = [];
  let outputIndex = 0;
  if (reply.text) {
    const itemId = nextId('msg');
    stream.event('response.output_item.added', {
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { id: itemId, type: 'message', role: 'assistant', status: 'in_progress', content: [] },
    });
    stream.event('response.content_part.added', {
      type: 'response.content_part.added',
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    });
    for (const piece of chunks(reply.text)) {
      stream.event('response.output_text.delta', {
        type: 'response.output_text.delta',
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        delta: piece,
      });
      await sleep(options.chunkDelayMs);
    }
    stream.event('response.output_text.done', {
      type: 'response.output_text.done',
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      text: reply.text,
    });
    const item = {
      id: itemId,
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: reply.text, annotations: [] }],
    };
    stream.event('response.output_item.done', { type: 'response.output_item.done', output_index: outputIndex, item });
    output.push(item);
    outputIndex++;
  }
  if (reply.toolCall) {
    const item = {
      id: nextId('fc'),
      type: 'function_call',
      status: 'completed',
      call_id: nextId('call'),
      name: reply.toolCall.name,
      arguments: JSON.stringify(reply.toolCall.input),
    };
    stream.event('response.output_item.added', { type: 'response.output_item.added', output_index: outputIndex, item });
    stream.event('response.output_item.done', { type: 'response.output_item.done', output_index: outputIndex, item });
    output.push(item);
  }
  stream.event('response.completed', {
    type: 'response.completed',
    response: {
      ...shell,
      status: 'completed',
      output,
      usage: {
        input_tokens: 12,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 8,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 20,
      },
    },
  });
  stream.end();
}

async function answerChat(
  request: ConversationRequest,
  reply: ImitationReply,
  response: ServerResponse,
  options: Required<Omit<ModelImitationOptions, 'reply'>>,
): Promise<void> {
  const id = nextId('chatcmpl');
  const model = request.model ?? 'gpt-imitation';
  const created = Math.floor(Date.now() / 1000);
  const finish = reply.toolCall ? 'tool_calls' : 'stop';
  if (!request.stream) {
    await sleep(options.firstTokenDelayMs);
    const message: Record<string, unknown> = { role: 'assistant', content: reply.text ?? null };
    if (reply.toolCall)
      message.tool_calls = [
        { id: nextId('call'), type: 'function', function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.input) } },
      ];
    response.writeHead(200, { 'content-type': 'application/json', ...options.headers });
    response.end(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message, finish_reason: finish }],
        usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 },
      }),
    );
    return;
  }
  const stream = sseStream(response, options.headers);
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    stream.event(null, {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
  await sleep(options.firstTokenDelayMs);
  chunk({ role: 'assistant', content: '' });
  for (const piece of reply.text ? chunks(reply.text) : []) {
    chunk({ content: piece });
    await sleep(options.chunkDelayMs);
  }
  if (reply.toolCall)
    chunk({
      tool_calls: [
        {
          index: 0,
          id: nextId('call'),
          type: 'function',
          function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.input) },
        },
      ],
    });
  chunk({}, finish);
  stream.event(null, {
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [],
    usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 },
  });
  stream.event(null, '[DONE]');
  stream.end();
}

function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Record<string, unknown>);
      } catch {
        resolve({});
      }
    });
  });
}

/** Starts the imitation on an ephemeral port of 127.0.0.1. */
export async function startModelImitation(options: ModelImitationOptions = {}): Promise<ModelImitation> {
  const reply = options.reply ?? ((): ImitationReply => ({ text: 'ok' }));
  const timing = {
    firstTokenDelayMs: options.firstTokenDelayMs ?? 300,
    chunkDelayMs: options.chunkDelayMs ?? 15,
    headers: options.headers ?? {},
  };
  const requests: ConversationRequest[] = [];
  const unhandled: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    void (async () => {
      if (request.method === 'GET' && /\/models$/.test(path)) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            object: 'list',
            data: [{ id: 'gpt-4o', object: 'model', created: 0, owned_by: 'imitation' }],
            models: [],
          }),
        );
        return;
      }
      if (request.method !== 'POST') {
        unhandled.push(`${request.method} ${path}`);
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { type: 'not_found', message: `the imitation does not serve ${path}` } }));
        return;
      }
      const body = await readBody(request);
      const gemini = geminiRoute(path);
      if (gemini) {
        if (gemini.method === 'countTokens') {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ totalTokens: 12 }));
          return;
        }
        const understood: ConversationRequest = {
          api: 'gemini',
          path,
          model: gemini.model,
          stream: gemini.method === 'streamGenerateContent',
          body,
          ...understandGeminiBody(body),
        };
        requests.push(understood);
        const answer = reply(understood);
        if (answer.error) {
          const { status, message, headers, details } = answer.error;
          response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...timing.headers, ...headers });
          response.end(JSON.stringify({ error: { code: status, message, status: geminiStatusName(status), details: details ?? [] } }));
          return;
        }
        await answerGemini(gemini.model, understood.stream, answer, response, timing);
        return;
      }
      if (path.endsWith('/messages/count_tokens')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ input_tokens: 12 }));
        return;
      }
      const api = path.endsWith('/messages')
        ? 'anthropic'
        : path.endsWith('/responses')
          ? 'openai-responses'
          : path.endsWith('/chat/completions')
            ? 'openai-chat'
            : null;
      if (api === null) {
        unhandled.push(`POST ${path}`);
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { type: 'not_found', message: `the imitation does not serve ${path}` } }));
        return;
      }
      const understood = understand(api, path, body);
      requests.push(understood);
      const answer = reply(understood);
      if (answer.error) {
        const { status, type, code, message, headers, fields } = answer.error;
        response.writeHead(status, { 'content-type': 'application/json', ...timing.headers, ...headers });
        const error =
          api === 'anthropic'
            ? { type: 'error', error: { type, message, ...fields } }
            : { error: { message, type, param: null, code: code ?? type, ...fields } };
        response.end(JSON.stringify(error));
        return;
      }
      if (api === 'anthropic') await answerAnthropic(understood, answer, response, timing);
      else if (api === 'openai-responses') await answerResponses(understood, answer, response, timing);
      else await answerChat(understood, answer, response, timing);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { type: 'imitation_error', message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    unhandled,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
