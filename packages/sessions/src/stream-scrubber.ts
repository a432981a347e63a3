import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '@agentpool/core';
import type { SessionFiles } from './session-files.js';

/**
 * Redacts a finished session's raw output stream in place. While a session runs the stream must
 * stay byte-exact (turns are byte offsets into it, and every read of it is redacted); once it has
 * ended nothing appends to it, so secrets the worker printed are removed from disk for good.
 */
export function scrubStream(path: string): boolean {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return false;
  }
  const clean = redact(raw);
  if (clean === raw) return false;
  const temp = `${path}.${process.pid}.scrub`;
  writeFileSync(temp, clean, { mode: 0o600 });
  renameSync(temp, path);
  return true;
}

/** Redacts what an ended session left: its output stream and its native signal records (which carry replies). */
export function scrubSessionFiles(files: SessionFiles): void {
  scrubStream(files.stream);
  let names: string[] = [];
  try {
    names = readdirSync(files.signalsDir);
  } catch {
    return;
  }
  for (const name of names) scrubStream(join(files.signalsDir, name));
}
