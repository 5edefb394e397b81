export {
  createJobs,
  type EnqueueOptions,
  type JobContext,
  type JobHandler,
  type JobName,
  type JobOptions,
  type JobPayload,
  type JobPayloads,
  type Jobs,
  type JobsOptions,
} from './jobs.js';
export type { JobStats } from './job.repository.js';
export { createWorker, type Worker, type WorkerOptions } from './worker.js';
