import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, TLSSocket } from 'node:tls';

/**
 * A test-only HTTPS proxy on 127.0.0.1 that intercepts the hosts it is told about: it answers
 * `CONNECT host:443`, terminates TLS with a certificate for that host signed by a throwaway CA made
 * here with `openssl`, and hands each request to `answer`. A client started with
 * `HTTPS_PROXY=<url>` and `NODE_EXTRA_CA_CERTS=<caFile>` (Claude Code 2.1.197, a Bun binary, honours
 * both; checked) then talks to the test instead of the internet. Tunnels to any other host are
 * refused (403), as is plain-HTTP proxying: nothing leaves the machine.
 */

/** One request the proxy received inside a tunnel. The authorization header is kept only as a yes/no. */
export interface InterceptedRequest {
  readonly host: string;
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly hadAuthorization: boolean;
  readonly body: string;
}

export interface InterceptedAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface InterceptProxyOptions {
  /** Host names whose tunnels are intercepted (`api.anthropic.com`). */
  readonly hosts: readonly string[];
  /** What to answer a request; return null for 404. */
  readonly answer: (request: InterceptedRequest) => InterceptedAnswer | null;
}

export interface InterceptProxy {
  /** `http://127.0.0.1:<port>`, for HTTPS_PROXY. */
  readonly url: string;
  /** The throwaway CA's certificate (PEM), for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  /** Every request received inside an intercepted tunnel, in order. */
  readonly requests: readonly InterceptedRequest[];
  /** `host:port` of every CONNECT, intercepted or refused. */
  readonly tunnels: readonly string[];
  close(): Promise<void>;
}

/** Whether `openssl`, which makes the throwaway CA, is on PATH. */
export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function makeCertificates(dir: string, hosts: readonly string[]): { caFile: string; key: string; cert: string } {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=agentpool test CA (throwaway)',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${hosts[0] ?? 'localhost'}`]);
  writeFileSync(
    join(dir, 'leaf.ext'),
    `subjectAltName=${hosts.map((host) => `DNS:${host}`).join(',')}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
  );
  run([
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'leaf.crt',
    '-days',
    '2',
    '-extfile',
    'leaf.ext',
  ]);
  return {
    caFile: join(dir, 'ca.crt'),
    key: readFileSync(join(dir, 'leaf.key'), 'utf8'),
    cert: readFileSync(join(dir, 'leaf.crt'), 'utf8'),
  };
}

export async function startInterceptProxy(options: InterceptProxyOptions): Promise<InterceptProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'ap-intercept-'));
  const { caFile, key, cert } = makeCertificates(dir, options.hosts);
  const context = createSecureContext({ key, cert });
  const requests: InterceptedRequest[] = [];
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();

  const inner = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (name !== 'authorization' && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const seen: InterceptedRequest = {
        host: (request.headers.host ?? '').replace(/:443$/, ''),
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers,
        hadAuthorization: request.headers.authorization !== undefined,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      let answer: InterceptedAnswer | null;
      try {
        answer = options.answer(seen);
      } catch (error) {
        answer = { status: 500, body: { type: 'error', error: { type: 'api_error', message: String(error) } } };
      }
      const status = answer?.status ?? 404;
      const body = answer ? answer.body : { type: 'error', error: { type: 'not_found_error', message: 'Not found' } };
      response.writeHead(status, { 'content-type': 'application/json', ...(answer?.headers ?? {}) });
      response.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
    });
  });

  const proxy: Server = createServer((_request, response) => {
    response.writeHead(403, { 'content-type': 'text/plain' });
    response.end('this test proxy only tunnels intercepted hosts\n');
  });
  proxy.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  proxy.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const target = request.url ?? '';
    tunnels.push(target);
    const host = target.replace(/:\d+$/, '');
    if (!options.hosts.includes(host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    const tls = new TLSSocket(socket, { isServer: true, secureContext: context, ALPNProtocols: ['http/1.1'] });
    tls.on('error', () => socket.destroy());
    inner.emit('connection', tls);
  });

  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    caFile,
    requests,
    tunnels,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      inner.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
