export { runCli } from './main.js';
export { CLI_VERSION } from './version.js';
