import type { Bus, Logger } from '../bus/index.js';
import { silentLogger } from '../bus/claim.js';
import type { Jobs } from './jobs.js';

export interface WorkerOptions {
  bus?: Bus;
  jobs?: Jobs;
  /** Sleep between polls while there is nothing to do (default 1 s). */
  pollMs?: number;
  logger?: Logger;
}

export interface Worker {
  /** Starts polling; calling it again while running does nothing. */
  start(): void;
  /** Stops polling and resolves once the batches in flight have finished. */
  stop(): Promise<void>;
}

/**
 * Runs the outbox dispatcher and two job runners in independent loops, so a long job
 * batch never delays events, nor all other jobs. A loop keeps going while it finds work and sleeps `pollMs`
 * when idle; an error (e.g. the database is unreachable) is logged and the loop sleeps and
 * tries again — it never ends the process.
 */
export function createWorker(options: WorkerOptions): Worker {
  const pollMs = options.pollMs ?? 1_000;
  const logger = options.logger ?? silentLogger;
  // One run per start(); a stop() that is still draining never lets its loops resume.
  let run: { active: boolean; loops: Array<Promise<void>> } | null = null;
  const wakers = new Set<() => void>();

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });
  }

  async function loop(state: { active: boolean }, name: string, step: () => Promise<number>): Promise<void> {
    while (state.active) {
      let found = 0;
      try {
        found = await step();
      } catch (error) {
        logger.error({ loop: name, err: error }, 'worker step failed');
      }
      if (found === 0 && state.active) {
        await sleep(pollMs);
      }
    }
  }

  return {
    start() {
      if (run) {
        return;
      }
      const { bus, jobs } = options;
      const state = { active: true, loops: [] as Array<Promise<void>> };
      state.loops = [
        ...(bus ? [loop(state, 'bus', () => bus.dispatchOnce())] : []),
        // Two job loops: a long job (a nightly run over the registers) holds one of them, and
        // short ones (an alarm's case) go on in the other. Claims skip each other's rows.
        ...(jobs ? [loop(state, 'jobs', () => jobs.runOnce()), loop(state, 'jobs-2', () => jobs.runOnce())] : []),
      ];
      run = state;
    },

    async stop() {
      const state = run;
      if (!state) {
        return;
      }
      run = null;
      state.active = false;
      for (const wake of [...wakers]) {
        wake();
      }
      await Promise.all(state.loops);
    },
  };
}
