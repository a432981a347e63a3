import type { UsageWindowKind } from '@agentpool/core';

/** How CodexBar names one of agentpool's providers and what its three window slots hold. */
export interface CodexBarProviderEntry {
  /** CodexBar's provider id (`--provider <id>`, the payload's `provider`). */
  readonly name: string;
  /**
   * `primary`, `secondary`, `tertiary`: the label CodexBar shows and the scope agentpool's own probe
   * gives the same limit, so `combined` merges the two readings into one window.
   */
  readonly slots: readonly [CodexBarSlot, CodexBarSlot, CodexBarSlot];
}

export interface CodexBarSlot {
  readonly label: string;
  readonly scope: string | null;
  /** The kind when CodexBar sends no `windowMinutes` (Copilot's and Cursor's monthly quotas). */
  readonly kind?: UsageWindowKind;
}

/**
 * agentpool provider id → CodexBar provider. Names and slot labels from CodexBar's
 * `UsageProvider` enum and each `*ProviderDescriptor.swift` (sessionLabel / weeklyLabel / opusLabel),
 * github.com/steipete/CodexBar at 27c7f33 (2026-08). Scopes are the ones this project's own probes use.
 */
export const CODEXBAR_PROVIDERS: Readonly<Record<string, CodexBarProviderEntry>> = {
  'codex-cli': {
    name: 'codex',
    slots: [
      { label: 'Session', scope: null },
      { label: 'Weekly', scope: null },
      { label: 'Tertiary', scope: null },
    ],
  },
  'claude-code': {
    name: 'claude',
    slots: [
      { label: 'Session', scope: null },
      { label: 'Weekly', scope: null },
      { label: 'Sonnet', scope: 'sonnet' },
    ],
  },
  'copilot-cli': {
    name: 'copilot',
    slots: [
      { label: 'Premium', scope: 'premium_interactions', kind: 'monthly' },
      { label: 'Chat', scope: 'chat', kind: 'monthly' },
      { label: 'Tertiary', scope: 'completions', kind: 'monthly' },
    ],
  },
  'cursor-cli': {
    name: 'cursor',
    slots: [
      { label: 'Total', scope: 'plan', kind: 'monthly' },
      { label: 'Cursor', scope: 'cursor', kind: 'monthly' },
      { label: 'Third Party', scope: 'third_party', kind: 'monthly' },
    ],
  },
  'devin-cli': {
    name: 'devin',
    slots: [
      { label: 'Daily', scope: null, kind: 'daily' },
      { label: 'Weekly', scope: null, kind: 'weekly' },
      { label: 'Tertiary', scope: null },
    ],
  },
  'droid-cli': {
    name: 'factory',
    slots: [
      { label: 'Standard', scope: 'standard' },
      { label: 'Premium', scope: 'standard' },
      { label: 'Monthly', scope: 'standard', kind: 'monthly' },
    ],
  },
  'gemini-cli': {
    name: 'gemini',
    slots: [
      { label: 'Pro', scope: 'pro', kind: 'daily' },
      { label: 'Flash', scope: 'flash', kind: 'daily' },
      { label: 'Flash Lite', scope: 'flash_lite', kind: 'daily' },
    ],
  },
  opencode: {
    name: 'opencode',
    slots: [
      { label: '5-hour', scope: null },
      { label: 'Weekly', scope: null },
      { label: 'Tertiary', scope: null },
    ],
  },
};

/** Factory's extra windows (`factory-core-5h`, …) are the `core` limit set agentpool's Droid probe scopes as `core`. */
export function extraWindowScope(providerId: string, id: string): string {
  if (providerId === 'droid-cli' && id.startsWith('factory-core')) return 'core';
  return id;
}
