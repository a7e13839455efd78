// @ts-check
// Charla's parts log JSON lines (pino). In a terminal people want to read them: this turns one
// line into "12:04:31 INFO  messages-service  schema migrated applied=[…]". Lines that are
// not JSON (a crash before the logger existed) pass through as they are.

const LEVELS = { 10: ['TRACE', 90], 20: ['DEBUG', 90], 30: ['INFO', 32], 40: ['WARN', 33], 50: ['ERROR', 31], 60: ['FATAL', 35] };
const PART_COLORS = { 'users-service': 36, 'messages-service': 35, 'api-gateway': 34 };
const QUIET_KEYS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'name', 'service', 'v']);

/** @param {string} text @param {number} code @param {boolean} color */
const paint = (text, code, color) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);

/** @param {unknown} value */
function show(value) {
  if (typeof value === 'string') return /\s/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/**
 * One log line made readable; `part` names its source when the line does not.
 * @param {string} line @param {string} part @param {{ color?: boolean }} [options]
 */
export function prettyLine(line, part, options = {}) {
  const color = options.color ?? false;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return `${paint(part.padEnd(16), PART_COLORS[part] ?? 37, color)} ${line}`;
  }
  if (!entry || typeof entry !== 'object') return `${paint(part.padEnd(16), PART_COLORS[part] ?? 37, color)} ${line}`;
  const [levelName, levelColor] = LEVELS[entry.level] ?? [String(entry.level ?? ''), 37];
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '        ';
  const source = String(entry.service ?? entry.name ?? part);
  const fields = Object.entries(entry)
    .filter(([key]) => !QUIET_KEYS.has(key) && key !== 'err')
    .map(([key, value]) => `${key}=${show(value)}`);
  const error = entry.err && typeof entry.err === 'object' ? `\n    ${String(entry.err.stack ?? entry.err.message ?? '').split('\n').join('\n    ')}` : '';
  return [
    paint(time, 90, color),
    paint(levelName.padEnd(5), levelColor, color),
    paint(source.padEnd(16), PART_COLORS[source] ?? 37, color),
    entry.msg ?? '',
    ...fields,
  ].join(' ') + error;
}

/**
 * Calls `onLine` with every complete line of a stream of chunks.
 * @param {NodeJS.ReadableStream} stream @param {(line: string) => void} onLine
 */
export function eachLine(stream, onLine) {
  let pending = '';
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line !== '') onLine(line);
  });
  stream.on('end', () => pending !== '' && onLine(pending));
}
