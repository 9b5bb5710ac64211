/**
 * A service started by the harness stops itself when the harness is gone. The harness kills its
 * children on every exit it sees, but a SIGKILL leaves it no chance: without this, a mock and a
 * stack would keep running (and holding ports) after `kill -9` of a test run.
 *
 * The harness sets PEAKDAY_PARENT_PID; a child whose parent changed (re-parented to init)
 * sends itself SIGTERM, which runs its normal clean shutdown.
 */
export const PARENT_PID_ENV = 'PEAKDAY_PARENT_PID';

export function stopWhenParentDies(env: NodeJS.ProcessEnv = process.env, everyMs = 1000): void {
  const expected = Number(env[PARENT_PID_ENV]);
  if (!Number.isInteger(expected) || expected <= 0) return;
  const timer = setInterval(() => {
    if (process.ppid !== expected) {
      clearInterval(timer);
      process.kill(process.pid, 'SIGTERM');
    }
  }, everyMs);
  timer.unref();
}
