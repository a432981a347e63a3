import { assertSessionIdFormat, SESSION_STATES } from '@agentpool/core';
import { z } from 'zod';

/** The longest one observe_worker call waits: a client's request timeout is often 60 s. */
export const MAX_OBSERVE_WAIT_SECONDS = 45;
/** What observe_worker waits when no timeout is given. */
export const DEFAULT_OBSERVE_WAIT_SECONDS = 30;
/** The longest a usage refresh over MCP may take; probes still out are reported as late (`partial`). */
export const MAX_USAGE_REFRESH_SECONDS = 25;

export const sessionIdInput = z.string();
export const providersInput = z.array(z.string()).max(64).optional().describe('default: all');
export const stateList = z.array(z.enum(SESSION_STATES)).max(SESSION_STATES.length);

/** A session id as the CLI takes it: a value that cannot be one is SESSION_NOT_FOUND, echoed short. */
export function sessionId(value: string): string {
  assertSessionIdFormat(value);
  return value;
}

/**
 * An output schema: the keys a client can rely on, others allowed (absent `additionalProperties`
 * means the same as the `{}` zod writes, in fewer bytes).
 */
export const looseOutput = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape).meta({ additionalProperties: undefined });

/**
 * A schema as tools/list shows it: without the `$schema` keyword, which would repeat the same
 * draft URL in every schema of every tool (the default list stays under 10 KB).
 */
export const listedSchema = <S extends z.ZodObject>(schema: S): S => schema.meta({ $schema: undefined }) as S;
