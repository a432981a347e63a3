import type { SessionRecord } from '@agentpool/store';

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

export function liveControl(sessionId: string) {
  return {
    observe: `agentpool observe ${sessionId} --wait-for completed,question,approval_prompt,error,limit_reached --timeout 120 --json`,
    send: `agentpool send ${sessionId} "<message>" --json`,
    transcript: `agentpool transcript ${sessionId} --tail-lines 80 --json`,
    collect: `agentpool collect ${sessionId} --json`,
    terminate: `agentpool terminate ${sessionId} --json`,
  };
}
