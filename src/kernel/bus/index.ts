export {
  createBus,
  type Bus,
  type BusOptions,
  type DomainEvent,
  type DomainEvents,
  type EventHandler,
  type EventPayload,
  type EventType,
} from './bus.js';
export { BusSubscriberDuplicate, JobDefinedTwice, JobTimedOut, JobUnknown } from './bus.errors.js';
export { defaultRetry, type Logger, type RetryPolicy } from './claim.js';
