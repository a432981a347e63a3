/**
 * Cursor's one-click install link for an MCP server: the server's entry (as in mcp.json, without
 * its name) as JSON, base64-encoded, and its name, both URL-encoded.
 */
export function cursorInstallLink(name: string, entry: Readonly<Record<string, unknown>>): string {
  const config = Buffer.from(JSON.stringify(entry), 'utf8').toString('base64');
  return `cursor://anysphere.cursor-deeplink/mcp/install?name=${encodeURIComponent(name)}&config=${encodeURIComponent(config)}`;
}
