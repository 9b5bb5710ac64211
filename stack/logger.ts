/**
 * The stack's logger: one line per event on stderr (stdout carries only the --json listening and
 * ready lines).
 * Secrets are never passed in; as a second line of defence, `redact` masks any configured
 * secret that slipped into a message (an error that quoted a URL, say).
 */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export type LogLevel = 'silent' | 'error' | 'warn' | 'info';
const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3 };

export function createLogger(level: LogLevel, secrets: readonly string[], write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const masks = secrets.filter((s) => s.length >= 4);
  const redact = (m: string) => masks.reduce((acc, s) => acc.split(s).join('***'), m);
  const emit = (lvl: LogLevel, msg: string) => {
    if (RANK[lvl] <= RANK[level]) write(`${new Date().toISOString()} stack ${lvl} ${redact(msg)}\n`);
  };
  return { info: (m) => emit('info', m), warn: (m) => emit('warn', m), error: (m) => emit('error', m) };
}
