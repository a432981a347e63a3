import { RESULT_SECTIONS, type ResultBlock, redact } from '@agentpool/core';
import type { CollectedDiff, ObserveResult } from '@agentpool/sessions';
import type { ArtifactRecord, LeaseRecord, SessionEventRecord, SessionRecord, SessionTurnRecord } from '@agentpool/store';

// Every JSON key the CLI and the MCP server print is snake_case (docs/json-output.md). Records are
// camelCase in TypeScript; these views are where they are spelled for output, field by field.

/** A session as the CLI and MCP show it (snake_case, no internal metadata). */
export function sessionView(session: SessionRecord, attachCommand?: readonly string[]) {
  return {
    id: session.id,
    provider: session.provider,
    state: session.state,
    confidence: session.stateConfidence,
    evidence: session.stateEvidence,
    role: session.role,
    task: session.task,
    repo_path: session.repoPath,
    work_dir: session.workDir,
    isolation: session.isolation,
    model: session.model,
    account_id: session.accountId,
    provider_session_id: session.providerSessionId,
    prompt_mode: session.promptMode,
    turn: session.turnCount,
    turn_started_at: session.turnStartedAt,
    max_turns: session.maxTurns,
    max_runtime_seconds: session.maxRuntimeSeconds,
    deadline_at: session.deadlineAt,
    base_commit: session.baseCommit,
    worktree_id: session.worktreeId,
    tmux_session: session.tmuxSession,
    exit_status: session.exitStatus,
    end_reason: session.endReason,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
    ended_at: session.endedAt,
    ...(attachCommand ? { attach_command: attachCommand.join(' ') } : {}),
  };
}

/** One turn: what was sent (redacted) and where in the output it began. */
export function turnView(turn: SessionTurnRecord) {
  return {
    turn: turn.number,
    started_at: turn.startedAt,
    stream_offset: turn.streamOffset,
    sent_chars: turn.sentChars,
    sent_text: turn.sentText,
    delivered_at: turn.deliveredAt,
  };
}

export function leaseView(lease: LeaseRecord) {
  return {
    id: lease.id,
    resource: lease.resource,
    mode: lease.mode,
    holder: lease.holder,
    created_at: lease.createdAt,
    expires_at: lease.expiresAt,
    released_at: lease.releasedAt,
  };
}

/** A session event; `data` keys are written snake_case by the sessions package. */
export function eventView(event: SessionEventRecord) {
  return { id: event.id, session_id: event.sessionId, at: event.at, type: event.type, state: event.state, data: event.data };
}

export function artifactView(artifact: ArtifactRecord) {
  return {
    kind: artifact.kind,
    path: artifact.path,
    size_bytes: artifact.sizeBytes,
    sha256: artifact.sha256,
    created_at: artifact.createdAt,
  };
}

/** `Files changed` → `files_changed`: the result protocol's section headings as JSON keys. */
export function resultSectionKey(heading: (typeof RESULT_SECTIONS)[number]): string {
  return heading.toLowerCase().replace(/ /g, '_');
}

/** A delivered result block: its text and the sections found, keyed `summary`, `files_changed`, …. */
export function resultView(result: ResultBlock) {
  const sections: Record<string, string> = {};
  for (const heading of RESULT_SECTIONS) {
    const text = result.sections[heading];
    if (text !== undefined) sections[resultSectionKey(heading)] = text;
  }
  return { text: result.text, sections };
}

/**
 * What observe reports about one look: the state, how it was decided and whether the wait reached
 * it. The screen itself is left to the caller (how much of it, and how it is fenced, differs).
 */
export function observeView(result: ObserveResult) {
  const { session, evaluation, observation } = result.evaluated;
  return {
    session_id: session.id,
    state: evaluation.state,
    reached: result.reached,
    timed_out: result.timedOut,
    ended: evaluation.ended,
    ended_while_waiting: result.endedWhileWaiting,
    waited_ms: result.waitedMs,
    turn: session.turnCount,
    confidence: evaluation.confidence,
    evidence: evaluation.evidence,
    source: evaluation.source,
    rule: evaluation.rule ?? null,
    signal: evaluation.signal ? { source: evaluation.signal.source, kind: evaluation.signal.kind } : null,
    startup_prompt: evaluation.startupPrompt
      ? {
          kind: evaluation.startupPrompt.kind,
          accept_keys: evaluation.startupPrompt.acceptKeys ? [...evaluation.startupPrompt.acceptKeys] : null,
        }
      : null,
    screen_classification: observation
      ? {
          state: observation.state,
          confidence: observation.confidence,
          rule: observation.rule ?? null,
          evidence: observation.evidence.map(redact),
        }
      : null,
    exit_status: evaluation.exitStatus,
    end_reason: evaluation.endReason,
  };
}

/** A collected diff's summary as the CLI and MCP show it (the patch itself stays an artifact). */
export function diffView(diff: Pick<CollectedDiff, 'baseCommit' | 'headCommit' | 'changedFiles' | 'commits'> | null) {
  return diff
    ? { base_commit: diff.baseCommit, head_commit: diff.headCommit, changed_files: diff.changedFiles, commits: diff.commits }
    : null;
}
