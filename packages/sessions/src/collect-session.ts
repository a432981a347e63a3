import { existsSync, readFileSync } from 'node:fs';
import { extractResultBlock, type ResultBlock, redact, terminalToText } from '@agentpool/core';
import type { ArtifactRecord, SessionRecord } from '@agentpool/store';
import { type CollectedDiff, collectDiff } from './diff-collector.js';
import { gitTopLevel } from './git.js';
import { filesOf, isoNow, type SessionContext } from './session-context.js';
import { evaluateSession } from './session-evaluator.js';
import { fileStat, sha256, writePrivateFile } from './session-files.js';
import { readRange } from './stream-reader.js';

export interface CollectResult {
  readonly session: SessionRecord;
  /** The worker's last result block, or null when it delivered none (never invented). */
  readonly result: ResultBlock | null;
  readonly diff: Omit<CollectedDiff, 'patch' | 'status'> | null;
  readonly artifacts: readonly ArtifactRecord[];
  readonly warnings: readonly string[];
}

const STREAM_LIMIT_BYTES = 32 * 1024 * 1024;

function summaryText(session: SessionRecord, result: ResultBlock | null, diff: CollectedDiff | null): string {
  const lines = [
    `# Session ${session.id}`,
    '',
    `- provider: ${session.provider}`,
    `- state: ${session.state}${session.endReason ? ` (${session.endReason})` : ''}`,
    `- turns: ${session.turnCount}`,
    `- isolation: ${session.isolation}`,
    `- work dir: ${session.workDir}`,
    `- result block: ${result ? 'delivered' : 'missing'}`,
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
export async function collectSession(context: SessionContext, sessionId: string): Promise<CollectResult> {
  const stored = await context.store.sessions.require(sessionId);
  const session = (await evaluateSession(context, stored)).session;
  const files = filesOf(context, sessionId);
  const warnings: string[] = [];
  const written: { kind: string; path: string; content: string }[] = [];
  const write = (kind: string, path: string, content: string) => {
    writePrivateFile(path, content);
    written.push({ kind, path, content });
  };

  const size = fileStat(files.stream)?.size ?? 0;
  if (size > STREAM_LIMIT_BYTES) warnings.push(`The transcript is ${size} bytes; only the last ${STREAM_LIMIT_BYTES} are collected.`);
  const transcript = terminalToText(readRange(files.stream, Math.max(0, size - STREAM_LIMIT_BYTES), size).toString('utf8'));
  write('transcript', files.transcript, redact(transcript));
  // The prompt names the markers only inside sentences, so an echoed prompt never forms a block.
  const result = extractResultBlock(transcript);
  if (result) write('result', files.result, `${redact(result.text)}\n`);
  else warnings.push('The worker delivered no result block (AGENTPOOL_RESULT_START … AGENTPOOL_RESULT_END).');

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
  write('summary', files.summary, redact(summaryText(session, result, diff)));
  const events = await context.store.events.list(sessionId);
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
        sessionId,
        kind: item.kind,
        path: item.path,
        sha256: sha256(item.content),
        sizeBytes: Buffer.byteLength(item.content),
      }),
    );
  }
  await context.store.events.append({
    sessionId,
    type: 'collected',
    state: session.state,
    data: { artifacts: artifacts.length, result: result !== null },
  });
  const { patch: _patch, status: _status, ...diffFacts } = diff ?? { patch: '', status: '' };
  return { session, result, diff: diff ? (diffFacts as Omit<CollectedDiff, 'patch' | 'status'>) : null, artifacts, warnings };
}
