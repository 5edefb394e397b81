import type { AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import type { Executor } from '../../kernel/db/index.js';
import { searchVectorLiteral } from '../../kernel/text/index.js';
import { createItemRepository } from './item.repository.js';
import { ItemCodeTaken, VersionConflict } from './services.errors.js';
import { ITEM_CHANGED, type ItemChange } from './services.events.js';
import { changedKeys, contentOf, type Item, type ItemContent, type ItemOrganisation, type Level, type Status } from './services.model.js';
import { weightedTexts } from './services.search.js';

export interface WriterDeps {
  audit: Pick<AuditLog, 'append'>;
  bus: Pick<Bus, 'publish'>;
}

export interface Change {
  action: ItemChange;
  actor: string | null;
  note: string | null;
  content: ItemContent;
  status: Status;
}

/** Where a change goes: an existing item at the version the writer read, or a new one. */
export type Target = { existing: Item } | { code: string; basicCode: string; organisation: ItemOrganisation; level: Level };

/** The full state of an item after a change, as kept in its version row. */
export function snapshotOf(item: Item) {
  return {
    code: item.code,
    basicCode: item.basicCode,
    organisation: item.organisation,
    level: item.level,
    status: item.status,
    version: item.version,
    ...contentOf(item),
  };
}

/**
 * Every write of an item goes through here, inside the caller's transaction `trx`: the row
 * (new, or the next version if nobody changed `existing` since it was read), its version
 * snapshot, the audit record and the `services.item.changed` event.
 */
export async function writeItem(deps: WriterDeps, trx: Executor, change: Change, target: Target): Promise<Item> {
  const repo = createItemRepository(trx);
  const current = 'existing' in target ? target.existing : undefined;
  const identity = current ?? (target as Exclude<Target, { existing: Item }>);
  const write = {
    ...change.content,
    organisation: identity.organisation,
    level: identity.level,
    actor: change.actor,
    searchVector: searchVectorLiteral(
      weightedTexts({ ...change.content, code: identity.code, basicCode: identity.basicCode, organisationName: identity.organisation.name }),
    ),
  };
  let saved: Item | undefined;
  if (current) {
    saved = await repo.update(current.id, current.version, write, change.status);
    if (!saved) {
      const now = await repo.get(current.id);
      throw VersionConflict({ currentVersion: now?.version ?? null });
    }
  } else {
    saved = await repo.insert(identity.code, identity.basicCode, change.status, write);
    if (!saved) {
      throw ItemCodeTaken({ code: identity.code });
    }
  }
  await repo.insertVersion(saved.id, { version: saved.version, action: change.action, snapshot: snapshotOf(saved), actor: change.actor, note: change.note });
  await deps.bus.publish(trx, {
    type: ITEM_CHANGED,
    payload: { itemId: saved.id, code: saved.code, version: saved.version, change: change.action, status: saved.status, organisationId: saved.organisation.id },
  });
  await deps.audit.append(trx, {
    actor: change.actor,
    action: `services.item.${change.action}`,
    target: `services.item:${saved.id}`,
    details: {
      code: saved.code,
      version: saved.version,
      status: saved.status,
      note: change.note,
      ...(current ? { changed: changedKeys(current, change.content) } : { name: saved.name, organisation: saved.organisation.code }),
    },
  });
  return saved;
}
