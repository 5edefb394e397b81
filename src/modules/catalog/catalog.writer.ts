import type { AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import type { Executor } from '../../kernel/db/index.js';
import { ResourceCodeTaken, VersionConflict } from './catalog.errors.js';
import { RESOURCE_CHANGED, type ResourceChange } from './catalog.events.js';
import { contentOf, type Resource, type ResourceContent, type ResourceOwner, type Status } from './catalog.model.js';
import { searchVectorLiteral, weightedTexts } from './catalog.search.js';
import { createResourceRepository } from './resource.repository.js';

export interface WriterDeps {
  audit: Pick<AuditLog, 'append'>;
  bus: Pick<Bus, 'publish'>;
}

export interface Change {
  action: ResourceChange;
  actor: string | null;
  note: string | null;
  content: ResourceContent;
  owner: ResourceOwner;
  status: Status;
}

/** The full state of a resource after a change, as kept in its version row. */
export function snapshotOf(resource: Resource) {
  return { code: resource.code, owner: resource.owner, status: resource.status, version: resource.version, ...contentOf(resource) };
}

/** The content keys a change alters, for the audit record. */
export function changedKeys(before: ResourceContent, after: ResourceContent): string[] {
  return (Object.keys(after) as Array<keyof ResourceContent>).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/**
 * Every write of a resource goes through here, inside the caller's transaction `trx`:
 * the row (new, or the next version if nobody changed `existing` since it was read), its
 * version snapshot, the audit record and the `catalog.resource.changed` event.
 */
export async function writeResource(deps: WriterDeps, trx: Executor, change: Change, target: { existing: Resource } | { newCode: string }): Promise<Resource> {
  const repo = createResourceRepository(trx);
  const current = 'existing' in target ? target.existing : undefined;
  const code = current?.code ?? ('newCode' in target ? target.newCode : '');
  const write = {
    ...change.content,
    owner: change.owner,
    actor: change.actor,
    searchVector: searchVectorLiteral(weightedTexts({ ...change.content, code, ownerName: change.owner.name })),
  };
  let saved: Resource | undefined;
  if (current) {
    saved = await repo.update(current.id, current.version, write, change.status);
    if (!saved) {
      const now = await repo.get(current.id);
      throw VersionConflict({ currentVersion: now?.version ?? null });
    }
  } else {
    saved = await repo.insert(code, change.status, write);
    if (!saved) {
      throw ResourceCodeTaken({ code });
    }
  }
  await repo.insertVersion(saved.id, { version: saved.version, action: change.action, snapshot: snapshotOf(saved), actor: change.actor, note: change.note });
  await deps.bus.publish(trx, {
    type: RESOURCE_CHANGED,
    payload: { resourceId: saved.id, code: saved.code, version: saved.version, change: change.action, status: saved.status, grade: saved.grade, ownerId: saved.owner.id },
  });
  await deps.audit.append(trx, {
    actor: change.actor,
    action: `catalog.resource.${change.action}`,
    target: `catalog.resource:${saved.id}`,
    details: {
      code: saved.code,
      version: saved.version,
      status: saved.status,
      note: change.note,
      ...(current ? { changed: changedKeys(contentOf(current), change.content) } : { name: saved.name, owner: saved.owner.code }),
    },
  });
  return saved;
}
