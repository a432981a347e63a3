import type { Observation, Screen } from '@agentpool/core';

/**
 * Reads opencode's TUI (1.18.33, from real captures at 120×40). Its layout, top to bottom: the
 * conversation (the caller's messages in a box drawn with `┃`, replies indented, each reply closed by
 * `▣  <agent> · <model>` and, once the reply is done, ` · <duration>`), then the input box
 * (`┃  Ask anything… "<example>"` when empty on a new session, `┃  <agent> · <model> <provider>`,
 * `╹▀▀▀…`), then a status line: `⬝■■■■■■⬝  esc interrupt` while it works, `⬝⬝⬝⬝⬝⬝⬝⬝ <error> …
 * [retrying in 59m 55s attempt #1]` while a failed model call waits to be retried, else the folder
 * and `ctrl+p commands`. A permission request replaces the input box with `△ Permission required`,
 * the command, and `Allow once   Allow always   Reject`; a question (its question tool) lists the
 * options, `N. Type your own answer` and `↑↓ select  enter submit  esc dismiss` there. opencode 1.18.33 has no trust, API-key,
 * update or onboarding prompt in its TUI (a model provider without credentials fails the turn).
 */

const CONFIDENCE = 0.9;

/** The permission request that replaces the input box. */
const PERMISSION = /^┃?\s*△ Permission required\b/;
const PERMISSION_CHOICES = /Allow once\s+Allow always\s+Reject\b/;
/** opencode's question tool (`OPENCODE_ENABLE_QUESTION_TOOL=1`) lists its options in place of the input box, then these two lines. */
const QUESTION = /^┃?\s*\d+\. Type your own answer$|\benter submit\s+esc dismiss$/;

/** The status line under the input box. */
const BUSY = /\besc interrupt\b/;
const RETRYING = /\[retrying\b/;
/** A retry's error that is a usage or rate limit (the provider's words, cut to the line). */
const LIMIT = /(rate[ _-]?limit|usage limit|quota|too many requests|resource[ _]exhausted|limit reached|\b429\b)/i;

/** The input box's agent line (`┃  Build · GPT-4o Imitation`) and its bottom edge. */
const AGENT_LINE = /^┃\s+\S.* · \S/;
const BOX_EDGE = /^╹▀+/;
const PLACEHOLDER = /^┃\s+Ask anything…/;
/** The line closing a reply: `▣  Build · GPT-4o (imitation)` then ` · 8.9s` once it is done. */
const REPLY_END = /^▣\s+\S.*$/;
const REPLY_DONE = / · (\d+(\.\d+)?(ms|s|m)|\d+m \d+s|interrupted)\b/i;

/** A failed reply whose error says the provider refused the credentials. */
const AUTH =
  /(Incorrect API key|invalid[ _-]api[ _-]key|api key (is )?(missing|invalid|not valid)|unauthori[sz]ed|authentication (failed|required|error))/i;

function lastIndex(lines: readonly string[], test: RegExp, before = lines.length): number {
  for (let index = Math.min(before, lines.length) - 1; index >= 0; index--) if (test.test(lines[index] ?? '')) return index;
  return -1;
}

export function classifyOpencodeScreen(screen: Screen): Observation {
  const lines = screen.lines.map((line) => line.trim());
  // opencode boots with a blank, silent pane for 7–20 s (config, plugins, an attempt to install its
  // plugin package), and its TUI never shows a blank pane after that. Read as starting work, so the
  // silence is not taken for an idle worker and the task is not pasted before the input box exists.
  if (lines.every((line) => line === '')) {
    return { state: 'working', confidence: 0.4, evidence: [], rule: 'boot.blank' };
  }

  const permission = lines.findIndex((line) => PERMISSION.test(line));
  const choices = lines.findIndex((line) => PERMISSION_CHOICES.test(line));
  if (permission >= 0 || choices >= 0) {
    const evidence = [permission, choices].filter((index) => index >= 0).map((index) => lines[index] as string);
    return { state: 'approval_prompt', confidence: permission >= 0 && choices >= 0 ? 0.95 : 0.8, evidence, rule: 'prompt.permission' };
  }

  const edge = lastIndex(lines, BOX_EDGE);
  // The status line: the first non-empty line under the input box.
  const status = edge >= 0 ? lines.slice(edge + 1).find((line) => line !== '') : undefined;
  if (status && RETRYING.test(status)) {
    if (LIMIT.test(status)) return { state: 'limit_reached', confidence: CONFIDENCE, evidence: [status], rule: 'status.retry_limit' };
    // Retrying after a failure that is not a limit (no network, a server error): the turn is stuck, not working.
    return { state: 'error', confidence: 0.7, evidence: [status], rule: 'status.retry' };
  }
  if (status && BUSY.test(status)) return { state: 'working', confidence: CONFIDENCE, evidence: [status], rule: 'status.working' };

  const question = lines.filter((line) => QUESTION.test(line));
  if (question.length && edge < 0) {
    return { state: 'question', confidence: question.length > 1 ? 0.9 : 0.75, evidence: question, rule: 'prompt.question' };
  }

  const agent = edge >= 0 ? lastIndex(lines, AGENT_LINE, edge) : -1;
  if (edge < 0 || agent < 0 || edge - agent > 2) return { state: 'unknown', confidence: 0, evidence: [] };

  // A reply closed without its duration, on an idle screen: the turn ended in an error (opencode
  // shows the error in the reply's place, and for a few seconds in a box at the right).
  const replyEnd = lastIndex(lines, REPLY_END, agent);
  if (replyEnd >= 0 && !REPLY_DONE.test(lines[replyEnd] ?? '')) {
    const refused = lastIndex(lines, AUTH, replyEnd);
    if (refused >= 0) {
      return {
        state: 'auth_required',
        confidence: 0.8,
        evidence: [lines[refused] as string, lines[replyEnd] as string],
        rule: 'reply.auth',
      };
    }
    const message = lastIndex(lines, /^┃\s+\S/, replyEnd);
    const evidence = [message >= 0 ? (lines[message] as string) : undefined, lines[replyEnd] as string].filter(
      (line): line is string => line !== undefined,
    );
    return { state: 'error', confidence: 0.75, evidence, rule: 'reply.failed' };
  }

  const placeholder = lastIndex(lines, PLACEHOLDER, agent);
  const evidence = [placeholder >= 0 ? lines[placeholder] : undefined, lines[agent], lines[edge]].filter(
    (line): line is string => line !== undefined,
  );
  return { state: 'ready', confidence: CONFIDENCE, evidence, rule: 'input.ready' };
}
