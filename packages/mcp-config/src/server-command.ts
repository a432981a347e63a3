import { isAbsolute } from 'node:path';

/** The command line an MCP client runs to start the agentpool MCP server (stdio). */
export interface ServerCommand {
  readonly command: string;
  readonly args: readonly string[];
}

export interface ServerCommandOptions {
  /**
   * Name node and the agentpool script by their absolute paths, for clients that do not start
   * servers with your shell's PATH (Claude Desktop, GUI editors). Needs `nodePath` and `cliScript`.
   */
  readonly absolute?: boolean;
  /** The node binary (`process.execPath`). */
  readonly nodePath?: string;
  /** The agentpool CLI's script (its `bin.js`), absolute. */
  readonly cliScript?: string;
}

/** `agentpool mcp`, or `<node> <cli script> mcp` with `absolute`. */
export function agentpoolServerCommand(options: ServerCommandOptions = {}): ServerCommand {
  if (!options.absolute) return { command: 'agentpool', args: ['mcp'] };
  const { nodePath, cliScript } = options;
  if (!nodePath || !cliScript || !isAbsolute(nodePath) || !isAbsolute(cliScript)) {
    throw new TypeError('An absolute server command needs the absolute paths of node and of the agentpool script.');
  }
  return { command: nodePath, args: [cliScript, 'mcp'] };
}
