export { artifactView, diffView, eventView, leaseView, resultSectionKey, resultView, sessionView, turnView } from '@agentpool/sdk';

/** The CLI commands that follow a spawned worker. */
export function liveControl(sessionId: string) {
  return {
    observe: `agentpool observe ${sessionId} --wait-for completed,question,approval_prompt,error,limit_reached --timeout 120 --json`,
    send: `agentpool send ${sessionId} "<message>" --json`,
    transcript: `agentpool transcript ${sessionId} --tail-lines 80 --json`,
    collect: `agentpool collect ${sessionId} --json`,
    terminate: `agentpool terminate ${sessionId} --json`,
  };
}
