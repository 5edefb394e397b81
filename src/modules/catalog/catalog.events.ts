import type { Grade, Status } from './catalog.model.js';

/** What happened to a resource in a `catalog.resource.changed` event. */
export type ResourceChange = 'create' | 'update' | 'publish' | 'retire';

/** Payload of `catalog.resource.changed`: published in the transaction of every change. */
export interface ResourceChangedEvent {
  resourceId: string;
  code: string;
  version: number;
  change: ResourceChange;
  status: Status;
  grade: Grade;
  ownerId: string;
}

declare module '../../kernel/bus/index.js' {
  interface DomainEvents {
    'catalog.resource.changed': ResourceChangedEvent;
  }
}

export const RESOURCE_CHANGED = 'catalog.resource.changed' as const;
