#!/usr/bin/env node
// @ts-check
// `npx charla <command>`: the operator console. Against a local `npm start` it needs nothing
// more: it finds the run in data/run and the credential in the settings (SERVICE_TOKEN, the
// development one by default), or CHARLA_ADMIN_TOKEN=<an admin's token>.
import { runCommand, usageLines } from './commands.mjs';
import { ConsoleError } from './parts.mjs';

const USAGE = `usage: npx charla <command>

${usageLines([{ syntax: 'console', what: 'the same commands at a prompt (history, Tab completion)' }]).join('\n')}

Against a local \`npm start\` it works as it is. Elsewhere: CHARLA_CONFIG names the settings file,
DATA_DIR the data folder, SERVICE_TOKEN or CHARLA_ADMIN_TOKEN (an admin's token) the credential.`;

const [command, ...args] = process.argv.slice(2);
try {
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
  } else if (command === 'console') {
    await (await import('./console.mjs')).runConsole(process.env);
  } else {
    const stopFollowing = new AbortController();
    process.once('SIGINT', () => stopFollowing.abort());
    const io = { out: (/** @type {string} */ line) => console.log(line), env: process.env, color: process.stdout.isTTY === true, signal: stopFollowing.signal };
    process.exitCode = (await runCommand(io, [command, ...args])) ? 0 : 1;
  }
} catch (error) {
  console.error(error instanceof ConsoleError ? error.message : `charla: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
