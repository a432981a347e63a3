declare const AGENTPOOL_VERSION: string;

/** The CLI's version, fixed at build time. */
export const CLI_VERSION: string = typeof AGENTPOOL_VERSION === 'string' ? AGENTPOOL_VERSION : '0.0.0-dev';
