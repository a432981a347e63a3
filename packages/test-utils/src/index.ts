export { createGitRepo, createPlainDir, git } from './git-repo.js';
export type { ConversationRequest, ImitationReply, ModelImitation, ModelImitationOptions } from './model-imitation.js';
export { startModelImitation } from './model-imitation.js';
export type { TempHome } from './temp-home.js';
export { createTempHome, killTmuxServer } from './temp-home.js';
export { waitUntil } from './wait.js';
