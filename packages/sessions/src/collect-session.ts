import { existsSync, readFileSync } from 'node:fs';
import { type ResultBlock, redact } from '@agentpool/core';
import type { ArtifactRecord, SessionRecord } from '@agentpool/store';
import { type CollectedDiff, collectDiff } from './diff-collector.js';
import { gitTopLevel } from './git.js';
import { filesOf, isoNow, type SessionContext } from './session-context.js';
import { evaluateSession, type ResultSource } from './session-evaluator.js';
import { fileStat, sha256, writePrivateFile } from './session-files.js';
import { renderSession, signalResult, TRANSCRIPT_SCROLLBACK_LINES, turnResult, turnSpan } from './session-rendering.js';

export interface CollectRequest {
  readonly sessionId: string;
  /** The turn whose result to collect (default: the current one). */
  readonly turn?: number | undefined;
}

export interface CollectResult {
  readonly session: SessionRecord;
  /** The turn collected. */
  readonly turn: number;
  /** That turn's result block, or null when it delivered none (yet): never invented, never an earlier turn's. */
  readonly result: ResultBlock | null;
  /** Where the block was read: the worker's own final reply (a native signal) or the rendered screen. */
  readonly resultSource: ResultSource | null;
  readonly diff: Omit<CollectedDiff, 'patch' | 'status'> | null;
  readonly artifacts: readonly ArtifactRecord[];
  readonly warnings: readonly string[];
}

function summaryText(
  session: SessionRecord,
  turn: number,
  result: ResultBlock | null,
  source: ResultSource | null,
  diff: CollectedDiff | null,
): string {
  const lines = [
    `# Session ${session.id}`,
    '',
    `- provider: ${session.provider}`,
    `- state: ${session.state}${session.endReason ? ` (${session.endReason})` : ''}`,
    `- turns: ${session.turnCount}`,
    `- isolation: ${session.isolation}`,
    `- work dir: ${session.workDir}`,
    `- turn collected: ${turn}`,
    `- result block: ${result ? `delivered (read from the ${source === 'signal' ? "worker's final reply" : 'screen'})` : 'missing'}`,
  ];
  if (result?.sections.Summary) lines.push('', '## Summary', '', result.sections.Summary);
  if (diff) {
    lines.push('', `## Changes since ${diff.baseCommit.slice(0, 12)}`, '');
    lines.push(...(diff.changedFiles.length ? diff.changedFiles.map((file) => `- ${file.status} ${file.path}`) : ['- none']));
    if (diff.commits.length) lines.push('', '## Commits', '', ...diff.commits.map((commit) => `- ${commit}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Gathers a session's artifacts into its folder and records them: the result block, transcript,
 * latest screen, git status and a diff since spawn that includes commits, staged, unstaged and
 * untracked files. Everything written is redacted.
 */
export async function collectSession(context: SessionContext, request: CollectRequest): Promise<CollectResult> {
  const session = (await evaluateSession(context, request.sessionId)).session;
  const files = filesOf(context, session.id);
  const warnings: string[] = [];
  const written: { kind: string; path: string; content: string }[] = [];
  const write = (kind: string, path: string, content: string) => {
    writePrivateFile(path, content);
    written.push({ kind, path, content });
  };

  const size = fileStat(files.stream)?.size ?? 0;
  const turns = await context.store.sessions.turns(session.id);
  const turnNumber = request.turn ?? session.turnCount;
  const span = turnSpan(session, turns, turnNumber, size);
  const rendered = await renderSession(context, session, span);
  if (rendered.truncated) warnings.push(`The transcript is longer than ${TRANSCRIPT_SCROLLBACK_LINES} lines; it keeps the last ones.`);
  write('transcript', files.transcript, `${redact(rendered.lines.join('\n'))}\n`);
  const found = turnResult(signalResult(context, session, span, rendered.oscEvents, span.sentText), rendered.regionBlock);
  const result = found?.block ?? null;
  if (found) write('result', files.result, `${redact(found.block.text)}\n`);
  else if (turnNumber === session.turnCount && !session.endedAt && !['completed', 'idle'].includes(session.state)) {
    warnings.push(
      `Turn ${turnNumber} is still running (${session.state}) and has delivered no result block yet.` +
        (turnNumber > 1 ? ` The previous turn's: agentpool collect ${session.id} --turn ${turnNumber - 1}` : ''),
    );
  } else warnings.push(`Turn ${turnNumber} delivered no result block (AGENTPOOL_RESULT_START … AGENTPOOL_RESULT_END).`);

  if (existsSync(files.latestScreen))
    written.push({ kind: 'latest_screen', path: files.latestScreen, content: readFileSync(files.latestScreen, 'utf8') });
  if (existsSync(files.prompt)) written.push({ kind: 'prompt', path: files.prompt, content: readFileSync(files.prompt, 'utf8') });

  let diff: CollectedDiff | null = null;
  if (session.baseCommit && existsSync(session.workDir) && (await gitTopLevel(session.workDir))) {
    diff = await collectDiff(session.workDir, session.baseCommit, files.dir);
    write('git_status', files.gitStatus, redact(diff.status));
    write('diff', files.diff, redact(diff.patch));
  } else {
    warnings.push(
      session.baseCommit
        ? `The work folder ${session.workDir} is gone; no diff.`
        : 'The work folder was not a git repository at spawn; no diff.',
    );
  }
  write('summary', files.summary, redact(summaryText(session, turnNumber, result, found?.source ?? null, diff)));
  const events = await context.store.events.list(session.id);
  write('events', files.events, events.map((event) => JSON.stringify(event)).join('\n') + (events.length ? '\n' : ''));
  write(
    'metadata',
    files.metadata,
    `${JSON.stringify(
      {
        session_id: session.id,
        provider: session.provider,
        role: session.role,
        isolation: session.isolation,
        state: session.state,
        turns: session.turnCount,
        turn_collected: turnNumber,
        result_source: found?.source ?? null,
        work_dir: session.workDir,
        base_commit: session.baseCommit,
        created_at: session.createdAt,
        ended_at: session.endedAt,
        exit_status: session.exitStatus,
        end_reason: session.endReason,
        collected_at: isoNow(context),
      },
      null,
      2,
    )}\n`,
  );

  const artifacts: ArtifactRecord[] = [];
  for (const item of written) {
    artifacts.push(
      await context.store.artifacts.put({
        sessionId: session.id,
        kind: item.kind,
        path: item.path,
        sha256: sha256(item.content),
        sizeBytes: Buffer.byteLength(item.content),
      }),
    );
  }
  await context.store.events.append({
    sessionId: session.id,
    type: 'collected',
    state: session.state,
    data: { artifacts: artifacts.length, turn: turnNumber, result: result !== null, result_source: found?.source ?? null },
  });
  const { patch: _patch, status: _status, ...diffFacts } = diff ?? { patch: '', status: '' };
  return {
    session,
    turn: turnNumber,
    result,
    resultSource: found?.source ?? null,
    diff: diff ? (diffFacts as Omit<CollectedDiff, 'patch' | 'status'>) : null,
    artifacts,
    warnings,
  };
}
