import type { UsageReport, UsageWindow } from '@agentpool/core';
import type { NormaliseWindowResult } from './normalised-window.js';

/** Builds a provider's usage reports for one account (none: the provider's default home). */
export type UsageReportBuilder = (
  status: UsageReport['status'],
  warnings: readonly string[],
  windows?: readonly UsageWindow[],
) => UsageReport;

/** A report builder for `providerId`, naming `accountId` when there is one. */
export function usageReportFor(providerId: string, accountId: string | undefined): UsageReportBuilder {
  return (status, warnings, windows = []) => ({
    providerId,
    windows: [...windows],
    warnings: [...warnings],
    status,
    ...(accountId ? { accountId } : {}),
  });
}

/**
 * Adds a normalised window to `windows` and its warnings to `warnings`; a reading that could not be
 * normalised adds only its problem (never a guessed window). Returns whether a window was added.
 */
export function collectWindow(result: NormaliseWindowResult, windows: UsageWindow[], warnings: string[]): boolean {
  if (!result.ok) {
    warnings.push(result.problem);
    return false;
  }
  warnings.push(...result.warnings);
  windows.push(result.window);
  return true;
}
