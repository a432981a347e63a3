// The second thread of a large Claude Code log scan (claudeTokenLogFormat.scanWorker).
import { serveTokenLogScans } from '@agentpool/usage';
import { claudeTokenLogFormat } from './claude-token-log.js';

serveTokenLogScans(claudeTokenLogFormat);
