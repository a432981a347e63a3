import type { Headroom, PoolAccount, PoolAccountView } from '@agentpool/account-pool';
import type { PoolSpawnResult } from './account-spawn.js';

// snake_case views of pool accounts for the CLI and MCP (docs/json-output.md). Paths only, never a login's content.

export function headroomView(headroom: Headroom) {
  if (headroom.kind === 'known') return { kind: headroom.kind, remaining_percent: headroom.remainingPercent, window: headroom.window };
  if (headroom.kind === 'unknown') return { kind: headroom.kind, reason: headroom.reason };
  return { kind: headroom.kind, reason: headroom.reason, next_available_at: headroom.nextAvailableAt };
}

/** An account as `--json` shows it; `headroom` when the caller read it (`pool accounts list`). */
export function poolAccountView(account: PoolAccount | PoolAccountView, headroom?: Headroom) {
  return {
    label: account.label,
    provider: account.provider,
    pool: account.pool,
    source_home: account.sourceHome,
    auth_file: account.authFile,
    paused: account.paused,
    ...('liveAssignments' in account ? { live_assignments: account.liveAssignments } : {}),
    ...(headroom ? { headroom: headroomView(headroom) } : {}),
    created_at: account.createdAt,
    updated_at: account.updatedAt,
  };
}

export function spawnedAccountView(account: NonNullable<PoolSpawnResult['account']>) {
  return {
    label: account.label,
    provider: account.provider,
    pool: account.pool,
    chosen_by: account.chosenBy,
    headroom: account.headroom ? headroomView(account.headroom) : null,
  };
}
