import type { LeaseMode } from './records.js';

/**
 * Whether two lease resources cover a common path: they are equal, or one is a folder that holds the
 * other. Both are normalised absolute paths, so `/a/b` holds `/a/b/c` but not `/a/bc`.
 */
export function resourcesOverlap(a: string, b: string): boolean {
  return a === b || isAncestor(a, b) || isAncestor(b, a);
}

function isAncestor(folder: string, path: string): boolean {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return path.startsWith(prefix);
}

/** Whether a requested lease must wait for an existing one on an overlapping resource: only read and read share. */
export function leasesConflict(existingMode: LeaseMode, requestedMode: LeaseMode): boolean {
  return !(existingMode === 'read' && requestedMode === 'read');
}
