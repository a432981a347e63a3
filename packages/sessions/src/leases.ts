import { resolve } from 'node:path';
import { AgentPoolError, newLeaseId } from '@agentpool/core';
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

/** A lease's resource: an absolute, normalised path without a trailing slash. */
export function normaliseResource(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  return absolute.length > 1 ? absolute.replace(/\/+$/, '') : absolute;
}

export async function acquireLease(context: SessionContext, request: AcquireLeaseRequest): Promise<LeaseRecord> {
  if (!request.path.trim()) {
    throw new AgentPoolError('INVALID_REQUEST', 'A lease needs a path.', {
      hint: 'agentpool leases acquire src/ --mode write --ttl-seconds 600',
    });
  }
  if (!Number.isInteger(request.ttlSeconds) || request.ttlSeconds <= 0) {
    throw new AgentPoolError('INVALID_REQUEST', `--ttl-seconds must be a positive whole number, got ${request.ttlSeconds}.`, {
      hint: 'agentpool leases acquire <path> --mode read --ttl-seconds 600',
    });
  }
  return context.store.leases.acquire({
    id: newLeaseId(),
    resource: normaliseResource(request.path, request.cwd),
    mode: request.mode,
    holder: request.holder,
    ttlSeconds: request.ttlSeconds,
    now: new Date(context.now()),
  });
}
