// The second thread of a large Codex rollout scan (codexTokenLogFormat.scanWorker).
import { serveTokenLogScans } from '@agentpool/usage';
import { codexTokenLogFormat } from './codex-token-log.js';

serveTokenLogScans(codexTokenLogFormat);
