import { realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { AgentPoolError, findUnsafeInput, newLeaseId } from '@agentpool/core';
import type { LeaseMode, LeaseRecord } from '@agentpool/store';
import type { SessionContext } from './session-context.js';

export interface AcquireLeaseRequest {
  readonly path: string;
  readonly mode: LeaseMode;
  readonly holder: string;
  readonly ttlSeconds: number;
  /** Folder relative paths are resolved against. */
  readonly cwd: string;
}

/** Longest lease holder: a session id, a worker or team name, `cli:<user>`. */
export const MAX_LEASE_HOLDER_LENGTH = 200;

const HOLDER_HINT = 'agentpool leases acquire <path> --mode write --holder "cli:alice"';

/**
 * A lease's resource: the real, absolute path without a trailing slash. The part of the path that
 * exists is resolved through symlinks (so a link to a leased folder is that folder); the rest, not
 * created yet, is appended as written.
 */
export function normaliseResource(path: string, cwd: string): string {
  const absolute = isAbsolute(path) ? path : `${cwd}/${path}`;
  // Split without normalising: `link/..` must go where the kernel goes, which realpath knows.
  const parts = absolute.split('/');
  for (let end = parts.length; end > 0; end--) {
    let real: string;
    try {
      real = realpathSync.native(parts.slice(0, end).join('/') || '/');
    } catch {
      continue;
    }
    const resolved = resolve(real, parts.slice(end).join('/'));
    return resolved.length > 1 ? resolved.replace(/\/+$/, '') : resolved;
  }
  return resolve(absolute);
}

/** Refuses an empty, oversized or control-character holder; returns it trimmed. */
export function validateLeaseHolder(holder: string): string {
  const trimmed = holder.trim();
  if (!trimmed) {
    throw new AgentPoolError('INVALID_REQUEST', 'A lease holder is required: say who holds the lease.', {
      hint: HOLDER_HINT,
    });
  }
  if (trimmed.length > MAX_LEASE_HOLDER_LENGTH) {
    throw new AgentPoolError(
      'INVALID_REQUEST',
      `The lease holder is ${trimmed.length} characters long; the limit is ${MAX_LEASE_HOLDER_LENGTH} (a session id or a short name).`,
      { details: { length: trimmed.length, max_length: MAX_LEASE_HOLDER_LENGTH }, hint: HOLDER_HINT },
    );
  }
  const unsafe = findUnsafeInput(trimmed);
  if (unsafe) {
    throw new AgentPoolError(
      'INVALID_REQUEST',
      `The lease holder contains the control character ${unsafe.name} (${unsafe.codePoint}) at character ${unsafe.offset + 1}; a holder is one line of plain text.`,
      { details: { character: unsafe.name, code_point: unsafe.codePoint, offset: unsafe.offset }, hint: HOLDER_HINT },
    );
  }
  if (/[\n\r\t]/.test(trimmed)) {
    throw new AgentPoolError('INVALID_REQUEST', 'The lease holder contains a line break or tab; a holder is one line of plain text.', {
      hint: HOLDER_HINT,
    });
  }
  return trimmed;
}

export async function acquireLease(context: SessionContext, request: AcquireLeaseRequest): Promise<LeaseRecord> {
  if (!request.path.trim()) {
    throw new AgentPoolError('INVALID_REQUEST', 'A lease needs a path.', {
      hint: 'agentpool leases acquire src/ --mode write --ttl-seconds 600',
    });
  }
  const holder = validateLeaseHolder(request.holder);
  if (!Number.isInteger(request.ttlSeconds) || request.ttlSeconds <= 0) {
    throw new AgentPoolError('INVALID_REQUEST', `--ttl-seconds must be a positive whole number, got ${request.ttlSeconds}.`, {
      hint: 'agentpool leases acquire <path> --mode read --ttl-seconds 600',
    });
  }
  return context.store.leases.acquire({
    id: newLeaseId(),
    resource: normaliseResource(request.path, request.cwd),
    mode: request.mode,
    holder,
    ttlSeconds: request.ttlSeconds,
    now: new Date(context.now()),
  });
}
