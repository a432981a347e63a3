import { afterEach, describe, expect, it } from 'vitest';
import { type ModelImitation, startModelImitation } from '../src/index.js';

let imitation: ModelImitation | null = null;
afterEach(async () => {
  await imitation?.close();
  imitation = null;
});

const post = (path: string, body: unknown) =>
  fetch(`${imitation?.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const BODY = {
  contents: [
    { role: 'user', parts: [{ text: 'Clean up.' }] },
    { role: 'model', parts: [{ functionCall: { name: 'run_shell_command', args: { command: 'true' } } }] },
    { role: 'user', parts: [{ functionResponse: { name: 'run_shell_command', response: { output: 'done' } } }] },
  ],
  tools: [{ functionDeclarations: [{ name: 'run_shell_command' }] }],
};

describe('the model imitation’s Gemini API', () => {
  it('understands a request (the user’s words, a function response, tools) and streams the answer as SSE', async () => {
    imitation = await startModelImitation({ reply: () => ({ text: 'All done, nothing left.' }) });
    const response = await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', BODY);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = (await response.text())
      .split('\r\n\r\n')
      .filter(Boolean)
      .map((event) => JSON.parse(event.replace(/^data: /, '')));
    expect(events.map((event) => event.candidates[0].content.parts[0].text).join('')).toBe('All done, nothing left.');
    expect(events.at(-1).candidates[0].finishReason).toBe('STOP');
    expect(imitation.requests[0]).toMatchObject({
      api: 'gemini',
      model: 'gemini-2.5-flash',
      stream: true,
      lastUserText: 'Clean up.',
      hasToolResult: true,
      toolResultText: '{"output":"done"}',
      hasTools: true,
    });
  });

  it('answers generateContent with one JSON response holding a function call', async () => {
    imitation = await startModelImitation({ reply: () => ({ toolCall: { name: 'ask_user', input: { questions: [] } } }) });
    const answer = (await (await post('/v1beta/models/gemini-2.5-pro:generateContent', { contents: [] })).json()) as {
      candidates: { content: { parts: unknown[] } }[];
    };
    expect(answer.candidates[0]?.content.parts).toEqual([{ functionCall: { name: 'ask_user', args: { questions: [] } } }]);
  });

  it('fails a call in Google’s error shape: code, message, status name, details', async () => {
    const details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '6s' }];
    imitation = await startModelImitation({
      reply: () => ({ error: { status: 429, type: 'RESOURCE_EXHAUSTED', message: 'quota', details } }),
    });
    const response = await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', BODY);
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ error: { code: 429, message: 'quota', status: 'RESOURCE_EXHAUSTED', details } });
  });
});
