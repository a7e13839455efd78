// The entry point for tests and benches (`@charla/platform/testing`): fresh databases, free ports, polling.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

export * from './store/testing';

/** A TCP port free on 127.0.0.1 right now (for a child process that must be told its port). */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}

/**
 * `count` different TCP ports free on 127.0.0.1 right now, for a child process told its port
 * in advance. They come from below the kernel's ephemeral range: a port from listen(0) is one
 * any outgoing connection may take as its own before the child binds it (a part retrying a
 * connection to a sibling that is not up yet even connects to itself when source and
 * destination ports meet), and then the child cannot listen.
 */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const port = BELOW_EPHEMERAL.low + Math.floor(Math.random() * (BELOW_EPHEMERAL.high - BELOW_EPHEMERAL.low));
    if (!ports.has(port) && (await isFree(port))) ports.add(port);
  }
  return [...ports];
}

/** Where freePorts looks: from 10000 to the start of Linux's ephemeral range (32768 when it cannot be read). */
const BELOW_EPHEMERAL = { low: 10_000, high: ephemeralStart() };

function ephemeralStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 12_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Polls `check` (a throw counts as "not yet") until it holds, or fails naming `what`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, explain: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}\n${explain()}`);
}

/**
 * The lines of a supervisor's output worth reading when a start-up test times out: its own and
 * every part's at info or worse (the debug chatter of health polls dropped), the last `count`.
 */
export function notableLines(output: string, count = 40): string {
  const notable = output.split('\n').filter((line) => {
    try {
      return ((JSON.parse(line) as { level?: number }).level ?? 30) >= 30;
    } catch {
      return line.trim() !== '';
    }
  });
  return notable.slice(-count).join('\n');
}

type PartSettings = Record<string, string | number>;

/**
 * A settings file (charla.json) for a local run of all three parts on free ports, as `npm start`
 * reads it; `parts` adds settings per part (`'api-gateway': { CLIENT_DIST: … }`) or for all
 * (`all`). Returns the gateway's address.
 */
export async function writeRunSettings(file: string, parts: { all?: PartSettings; 'users-service'?: PartSettings; 'messages-service'?: PartSettings; 'api-gateway'?: PartSettings } = {}): Promise<{ gateway: string }> {
  const [usersGrpc, usersHttp, messagesGrpc, messagesHttp, port] = await freePorts(5);
  const settings = {
    ...parts.all,
    USERS_GRPC_ADDR: `127.0.0.1:${usersGrpc}`,
    MESSAGES_GRPC_ADDR: `127.0.0.1:${messagesGrpc}`,
    'users-service': { GRPC_PORT: usersGrpc, HTTP_PORT: usersHttp, ...parts['users-service'] },
    'messages-service': { GRPC_PORT: messagesGrpc, HTTP_PORT: messagesHttp, ...parts['messages-service'] },
    'api-gateway': { PORT: port, ...parts['api-gateway'] },
  };
  writeFileSync(file, JSON.stringify(settings));
  return { gateway: `http://127.0.0.1:${port}` };
}
