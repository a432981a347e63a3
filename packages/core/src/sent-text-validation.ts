import { validateWorkerInput } from './worker-input.js';

/**
 * Refuses text for `send` that is over the size limit or holds terminal control characters (NUL,
 * ESC, C1, C0 other than newline/CR/tab). The text is pasted: an `ESC[201~` inside it would end the
 * paste and let the rest be typed as keystrokes, one `send` becoming several turns. "" is allowed
 * (it presses the submit key).
 */
export function validateSentText(text: string): void {
  validateWorkerInput(text, {
    what: 'text to send',
    code: 'INVALID_REQUEST',
    hint: 'agentpool send <session-id> --stdin < message.md   (plain text: newlines and tabs are fine)',
  });
}
