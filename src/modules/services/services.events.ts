import type { Status } from './services.model.js';

/** What happened to an item in a `services.item.changed` event. */
export type ItemChange = 'create' | 'update' | 'publish' | 'withdraw';

/** Payload of `services.item.changed`: published in the transaction of every change. */
export interface ItemChangedEvent {
  itemId: string;
  code: string;
  version: number;
  change: ItemChange;
  status: Status;
  organisationId: string;
}

declare module '../../kernel/bus/index.js' {
  interface DomainEvents {
    'services.item.changed': ItemChangedEvent;
  }
}

export const ITEM_CHANGED = 'services.item.changed' as const;
