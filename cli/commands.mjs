// @ts-check
// The console's commands, the same for `npx charla <command>` and the `console` prompt. Each
// writes its answer through `io.out` and resolves true when all is well (false: the exit code is 1).
import { existsSync } from 'node:fs';
import { ConsoleError, callPart, localRun, supervisorOf } from './parts.mjs';
import { PARTS, control, isAlive, readPartFile, runFilePath } from './run-state.mjs';

export const ROLES = ['user', 'operator', 'admin'];
const WAIT_MS = 60_000;

/**
 * Where a command writes, what it reads, and (at the prompt) what ends a long one and what
 * completion learns (the usernames `users` lists).
 * @typedef {{ out(line: string): void, env: NodeJS.ProcessEnv, color: boolean, signal?: AbortSignal, learn?(usernames: string[]): void }} Io
 */

/** Columns padded to their widest cell. @param {string[][]} rows */
export function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd());
}

/** 3725 s → "1h 2m 5s". @param {number} seconds */
export function duration(seconds) {
  const parts = [[Math.floor(seconds / 86400), 'd'], [Math.floor(seconds / 3600) % 24, 'h'], [Math.floor(seconds / 60) % 60, 'm'], [Math.floor(seconds) % 60, 's']];
  const shown = parts.filter(([value], index) => value > 0 || index === parts.length - 1);
  return shown.slice(0, 2).map(([value, unit]) => `${value}${unit}`).join(' ');
}

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {Io} io */
async function status(io) {
  const local = localRun(io.env);
  io.out(local.run ? `Charla on ${local.dataDir}, supervised by pid ${local.run.pid} since ${local.run.startedAt}${local.run.url ? `, at ${local.run.url}` : ''}` : `No local run on ${local.dataDir}: asking each part at its configured address.`);
  const rows = [['PART', 'HEALTH', 'VERSION', 'UPTIME', 'PID', 'SOCKETS', 'ONLINE', 'EVENT STREAMS', 'ADDRESS']];
  let healthy = true;
  for (const part of PARTS) {
    const address = local.parts[part];
    let answer;
    try {
      answer = await callPart(local, part, 'GET', '/v1/admin/status');
    } catch (error) {
      // A refused credential is the same for every part: say it once, with what to do.
      if (!(error instanceof ConsoleError) || !error.down) throw error;
      healthy = false;
      rows.push([part, 'DOWN', '-', '-', '-', '-', '-', '-', `not answering at ${address.http}`]);
      continue;
    }
    if (answer.health !== 'SERVING') healthy = false;
    const streams = Object.entries(answer.eventStreams ?? {}).map(([name, at]) => `${name} ${at.lagMs} ms`);
    rows.push([
      part,
      answer.health,
      answer.version,
      duration(answer.uptimeSeconds),
      String(answer.pid),
      String(answer.sockets),
      answer.usersOnline === undefined ? '-' : String(answer.usersOnline),
      streams.length > 0 ? streams.join(', ') : 'no events yet',
      [answer.addresses.grpc && `gRPC ${answer.addresses.grpc}`, answer.addresses.http].filter(Boolean).join(' · '),
    ]);
  }
  for (const line of table(rows)) io.out(line);
  return healthy;
}

/** @param {Io} io @param {string[]} args */
async function motd(io, args) {
  const local = localRun(io.env);
  if (args.length === 0) {
    const { motd: text, updatedAt } = await callPart(local, 'messages-service', 'GET', '/v1/admin/motd');
    io.out(text ? `Message of the day${updatedAt ? ` (set ${updatedAt})` : ' (the MOTD setting)'}:\n  ${text.split('\n').join('\n  ')}` : 'There is no message of the day.');
    return true;
  }
  if (args[0] !== 'set') throw new ConsoleError('usage: motd | motd set <text>  ("" clears it)');
  const { motd: text } = await callPart(local, 'messages-service', 'PUT', '/v1/admin/motd', { motd: args.slice(1).join(' ') });
  io.out(text ? `Message of the day set; connected clients see it now:\n  ${text.split('\n').join('\n  ')}` : 'Message of the day cleared.');
  return true;
}

/** proto JSON's USER_ROLE_OPERATOR → operator. @param {string | undefined} value @param {string} prefix */
const named = (value, prefix) => (value ?? '').replace(prefix, '').toLowerCase() || '-';

/** @param {Io} io @param {string[]} args */
async function users(io, args) {
  const local = localRun(io.env);
  if (args[0] === 'promote') {
    const [, username, role] = args;
    if (!username || !ROLES.includes(role)) throw new ConsoleError(`usage: users promote <username> ${ROLES.join('|')}`);
    const answer = await callPart(local, 'users-service', 'PUT', `/v1/admin/users/${encodeURIComponent(username)}/role`, { role }).catch((error) => {
      throw error instanceof ConsoleError && error.status === 404 ? new ConsoleError(`There is no user named "${username}".`) : error;
    });
    const now = named(answer.user?.role, 'USER_ROLE_');
    io.out(now === answer.previousRole ? `${answer.user.username} already is ${now}.` : `${answer.user.username} is now ${now} (was ${answer.previousRole}).`);
    return true;
  }
  if (args.length > 0) throw new ConsoleError(`usage: users | users promote <username> ${ROLES.join('|')}`);
  const rows = [['USERNAME', 'NAME', 'ROLE', 'PRESENCE', 'LAST SEEN']];
  let pageToken = '';
  let online = 0;
  do {
    const page = await callPart(local, 'users-service', 'GET', `/v1/users?page_size=100&page_token=${encodeURIComponent(pageToken)}`);
    for (const user of page.users ?? []) {
      const presence = named(user.status, 'USER_STATUS_');
      if (presence !== 'offline') online++;
      rows.push([user.username, `${user.firstName ?? ''} ${user.lastName ?? ''}`.trim(), named(user.role, 'USER_ROLE_'), presence, user.lastSeenAt ?? 'never']);
    }
    pageToken = page.nextPageToken ?? '';
  } while (pageToken);
  for (const line of table(rows)) io.out(line);
  io.out(`${rows.length - 1} ${rows.length === 2 ? 'user' : 'users'}, ${online} online`);
  io.learn?.(rows.slice(1).map(([username]) => username));
  return true;
}

/** @param {Io} io */
async function stop(io) {
  const local = localRun(io.env);
  const run = supervisorOf(local);
  await control(run, 'POST', '/stop');
  io.out(`Stopping Charla (pid ${run.pid})…`);
  const deadline = Date.now() + WAIT_MS;
  // The supervisor removes its run file once every part has stopped, right before it exits.
  while (isAlive(run.pid) && existsSync(runFilePath(local.dataDir))) {
    if (Date.now() > deadline) throw new ConsoleError(`Charla (pid ${run.pid}) is still stopping after ${WAIT_MS / 1000} s; see \`npx charla logs\``);
    await sleep(200);
  }
  io.out('Charla stopped.');
  return true;
}

/** @param {Io} io @param {string[]} args */
async function restart(io, args) {
  const [part] = args;
  if (args.length > 1 || (part !== undefined && !PARTS.includes(part))) throw new ConsoleError(`usage: restart [${PARTS.join('|')}]`);
  const local = localRun(io.env);
  const run = supervisorOf(local);
  const names = part ? [part] : PARTS;
  const before = Object.fromEntries(names.map((name) => [name, local.parts[name].pid]));
  io.out(`Restarting ${part ?? 'every part'}…`);
  await control(run, 'POST', `/restart${part ? `?part=${encodeURIComponent(part)}` : ''}`);
  for (const name of names) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const announced = readPartFile(local.dataDir, name);
      if (announced && announced.pid !== before[name] && isAlive(announced.pid)) {
        const again = localRun(io.env);
        const answer = await callPart(again, name, 'GET', '/v1/admin/status').catch(() => undefined);
        if (answer?.health === 'SERVING') {
          io.out(`${name} restarted: pid ${before[name] ?? '?'} → ${announced.pid}, serving again.`);
          break;
        }
      }
      if (Date.now() > deadline) throw new ConsoleError(`${name} did not come back within ${WAIT_MS / 1000} s; see \`npx charla logs ${name}\``);
      await sleep(200);
    }
  }
  return true;
}

/** @type {Record<string, { syntax: string, what: string, run: (io: Io, args: string[]) => Promise<boolean> }>} */
export const COMMANDS = {
  status: { syntax: 'status', what: 'each part: health, version, uptime, address, sockets, users online, event-stream lag', run: status },
  logs: { syntax: 'logs [--follow] [--lines N] [part]', what: "the local run's logs, readable", run: async (io, args) => (await import('./logs.mjs')).logs(io, args) },
  motd: { syntax: 'motd [set <text>]', what: 'the message of the day ("" clears it)', run: motd },
  users: { syntax: 'users [promote <username> <role>]', what: `everyone with role and presence; grants a role (${ROLES.join(', ')})`, run: users },
  restart: { syntax: 'restart [part]', what: `gracefully: ${PARTS.join(', ')}, or all`, run: restart },
  stop: { syntax: 'stop', what: 'stops the local run gracefully', run: stop },
};

/** The commands, one a line, for help texts. @param {{ syntax: string, what: string }[]} [extra] */
export function usageLines(extra = []) {
  const all = [...Object.values(COMMANDS), ...extra];
  const width = Math.max(...all.map((command) => command.syntax.length));
  return all.map((command) => `  ${command.syntax.padEnd(width)}  ${command.what}`);
}

/** Runs one command line's words; unknown commands are refused with the list. @param {Io} io @param {string[]} words */
export async function runCommand(io, words) {
  const [name, ...args] = words;
  const command = COMMANDS[name];
  if (!command) throw new ConsoleError(`unknown command "${name}"; the commands are:\n${usageLines().join('\n')}`);
  return command.run(io, args);
}
