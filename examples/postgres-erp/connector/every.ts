/** A loop that runs `work` every `ms` (never two at once), can be woken early and stopped. */
export interface Loop {
  wake(): void;
  stop(): Promise<void>;
}

export function every(ms: number, work: () => Promise<void>, log: (l: string) => void): Loop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = work()
      .catch((e) => log((e as Error).message))
      .finally(() => {
        running = undefined;
        if (stopped) return;
        if (again) {
          again = false;
          setImmediate(run);
        } else timer = setTimeout(run, ms);
      });
  };
  timer = setTimeout(run, ms);
  return {
    wake: run,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
