import { defineError } from '../errors/index.js';

// Mistakes in wiring code rather than in a request: a 500 if they ever reach a client.
export const BusSubscriberDuplicate = defineError(
  'BUS_SUBSCRIBER_DUPLICATE',
  500,
  '同一事件的订阅者名称重复',
);
export const JobUnknown = defineError('JOB_UNKNOWN', 500, '未定义的后台任务');
export const JobDefinedTwice = defineError('JOB_DEFINED_TWICE', 500, '后台任务重复定义');
export const JobTimedOut = defineError('JOB_TIMED_OUT', 500, '后台任务执行超时');
