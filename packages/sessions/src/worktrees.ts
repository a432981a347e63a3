import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AgentPoolError, shortId } from '@agentpool/core';
import type { WorktreeRecord } from '@agentpool/store';
import { isDirty, runGit } from './git.js';
import type { SessionContext } from './session-context.js';

export interface PlannedWorktree {
  readonly id: string;
  readonly path: string;
  readonly branch: string;
}

/** Where a session's worktree goes and which branch it gets: `agentpool/<provider>/<short-id>`. */
export function planWorktree(context: SessionContext, repoTop: string, provider: string, sessionId: string): PlannedWorktree {
  const short = shortId(sessionId);
  return {
    id: `wt_${short}`,
    path: join(context.paths.worktrees, `${basename(repoTop).replace(/[^A-Za-z0-9._-]+/g, '-')}-${short}`),
    branch: `agentpool/${provider.replace(/[^A-Za-z0-9._-]+/g, '-')}/${short}`,
  };
}

export async function createWorktree(
  context: SessionContext,
  plan: PlannedWorktree,
  repoTop: string,
  baseCommit: string,
  sessionId: string,
): Promise<WorktreeRecord> {
  mkdirSync(context.paths.worktrees, { recursive: true, mode: 0o700 });
  await runGit(repoTop, ['worktree', 'add', '-q', '-b', plan.branch, plan.path, baseCommit]);
  return context.store.worktrees.insert({
    id: plan.id,
    sessionId,
    repoPath: repoTop,
    path: plan.path,
    branch: plan.branch,
    baseCommit,
    createdAt: new Date(context.now()).toISOString(),
  });
}

export interface WorktreeView {
  readonly id: string;
  readonly session_id: string | null;
  readonly repo_path: string;
  readonly path: string;
  readonly branch: string;
  readonly base_commit: string;
  readonly created_at: string;
  readonly exists: boolean;
  readonly dirty: boolean | null;
  /** Commits on the branch (or the worktree's HEAD) that no other branch, tag or remote ref holds: removing them would lose them. */
  readonly unmerged_commits: number | null;
  readonly session_live: boolean;
}

/**
 * Commits only this worktree holds: reachable from its branch (or from the worktree's HEAD, should
 * the worker have detached it) and from no other branch, tag or remote-tracking ref. A commit a
 * tag or a remote ref also reaches survives the branch's deletion, so it does not count.
 */
async function unmergedCommits(repo: string, branch: string, worktreePath: string): Promise<number | null> {
  const tips: string[] = [];
  const branchRef = `refs/heads/${branch}`;
  if ((await runGit(repo, ['rev-parse', '--verify', '--quiet', branchRef], { allowFailure: true })).ok) tips.push(branchRef);
  const head = await worktreeHead(repo, worktreePath);
  if (head) tips.push(head);
  if (tips.length === 0) return 0;
  // `--exclude` takes the name as `--branches` sees it: without `refs/heads/`.
  const result = await runGit(repo, ['rev-list', '--count', ...tips, '--not', `--exclude=${branch}`, '--branches', '--tags', '--remotes'], {
    allowFailure: true,
  });
  return result.ok ? Number.parseInt(result.stdout.trim(), 10) : null;
}

/** The commit a worktree of `repo` has checked out, or null when git does not know the worktree. */
async function worktreeHead(repo: string, worktreePath: string): Promise<string | null> {
  const result = await runGit(repo, ['worktree', 'list', '--porcelain'], { allowFailure: true });
  if (!result.ok) return null;
  const wanted = new Set([worktreePath, realPathOrSelf(worktreePath)]);
  for (const block of result.stdout.split('\n\n')) {
    const lines = block.split('\n');
    const path = lines.find((line) => line.startsWith('worktree '))?.slice('worktree '.length);
    const head = lines.find((line) => line.startsWith('HEAD '))?.slice('HEAD '.length);
    if (path && head && wanted.has(path)) return head;
  }
  return null;
}

function realPathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export async function describeWorktree(record: WorktreeRecord, isLive: (sessionId: string) => boolean): Promise<WorktreeView> {
  const exists = existsSync(record.path);
  return {
    id: record.id,
    session_id: record.sessionId,
    repo_path: record.repoPath,
    path: record.path,
    branch: record.branch,
    base_commit: record.baseCommit,
    created_at: record.createdAt,
    exists,
    dirty: exists ? await isDirty(record.path) : null,
    unmerged_commits: existsSync(record.repoPath) ? await unmergedCommits(record.repoPath, record.branch, record.path) : null,
    session_live: record.sessionId ? isLive(record.sessionId) : false,
  };
}

export interface CleanupRequest {
  readonly sessionId?: string | undefined;
  readonly repoPath?: string | undefined;
  readonly force: boolean;
  readonly dryRun: boolean;
}

export interface CleanupReport {
  readonly dry_run: boolean;
  readonly removed: readonly WorktreeView[];
  readonly refused: readonly {
    readonly worktree: WorktreeView;
    readonly code: 'WORKTREE_ACTIVE' | 'WORKTREE_DIRTY';
    readonly reason: string;
  }[];
}

function refusal(view: WorktreeView): { code: 'WORKTREE_ACTIVE' | 'WORKTREE_DIRTY'; reason: string } | null {
  if (view.session_live) return { code: 'WORKTREE_ACTIVE', reason: `session ${view.session_id} is still live` };
  if (view.dirty) return { code: 'WORKTREE_DIRTY', reason: 'has uncommitted or untracked changes' };
  if (view.unmerged_commits)
    return {
      code: 'WORKTREE_DIRTY',
      reason: `branch ${view.branch} has ${view.unmerged_commits} commit(s) no other branch, tag or remote ref holds`,
    };
  return null;
}

/**
 * Removes worktrees and their branches. A dirty worktree, one whose branch holds the only copy of
 * commits, or one a live session uses is refused unless `force`. Naming one session makes a
 * refusal an error; a sweep reports refusals and goes on.
 */
export async function cleanupWorktrees(
  context: SessionContext,
  request: CleanupRequest,
  isLive: (sessionId: string) => boolean,
): Promise<CleanupReport> {
  let records: WorktreeRecord[];
  if (request.sessionId) {
    const record = await context.store.worktrees.getBySession(request.sessionId);
    if (!record || record.removedAt) {
      throw new AgentPoolError('WORKTREE_NOT_FOUND', `Session ${request.sessionId} has no worktree to clean up.`, {
        details: { session_id: request.sessionId },
        hint: 'agentpool worktrees list --json',
      });
    }
    records = [record];
  } else {
    records = await context.store.worktrees.list({ repoPath: request.repoPath });
  }
  const removed: WorktreeView[] = [];
  const refused: { worktree: WorktreeView; code: 'WORKTREE_ACTIVE' | 'WORKTREE_DIRTY'; reason: string }[] = [];
  for (const record of records) {
    const view = await describeWorktree(record, isLive);
    const refuse = request.force ? null : refusal(view);
    if (refuse) {
      if (request.sessionId) {
        throw new AgentPoolError(refuse.code, `Refusing to remove worktree ${view.path}: it ${refuse.reason}.`, {
          details: { worktree: view },
          hint: `Inspect it (git -C ${view.path} status), then: agentpool worktrees cleanup --session-id ${request.sessionId} --force`,
        });
      }
      refused.push({ worktree: view, ...refuse });
      continue;
    }
    if (!request.dryRun) {
      if (view.exists) await runGit(record.repoPath, ['worktree', 'remove', '--force', record.path]);
      else await runGit(record.repoPath, ['worktree', 'prune'], { allowFailure: true });
      await runGit(record.repoPath, ['branch', '-D', record.branch], { allowFailure: true });
      await context.store.worktrees.markRemoved(record.id, new Date(context.now()).toISOString());
    }
    removed.push(view);
  }
  return { dry_run: request.dryRun, removed, refused };
}
