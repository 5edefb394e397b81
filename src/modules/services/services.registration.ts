import { inTransaction, type Db, type Executor } from '../../kernel/db/index.js';
import { ValidationFailed } from '../../kernel/errors/index.js';
import { createItemRepository } from './item.repository.js';
import { BASIC_CODE, implementationCode, levelOf } from './services.codes.js';
import { assertAcceptable, completeContent, type ContentInput } from './services.content.js';
import { OrganisationNotFound, OrganisationWithoutCreditCode } from './services.errors.js';
import { contentOf, sameContent, type Item, type Status } from './services.model.js';
import type { OrgDirectory } from './services.service.js';
import { writeItem, type WriterDeps } from './services.writer.js';

/** An item as the demo (or an import) declares it: identified by organisation and basic code. */
export interface ItemDefinition extends ContentInput {
  basicCode: string;
  /** Code of the implementing organisation in the org module, e.g. `ezhou-gaj`. */
  organisationCode: string;
  /** Default `published`. */
  status?: Exclude<Status, 'withdrawn'> | undefined;
  note?: string | undefined;
}

export type EnsureOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Creates the item, or brings it to `def` with a new version; writes nothing (no version,
 * audit record or event) when it already matches. The same rules apply as for a staff edit.
 */
export async function ensureItem(
  deps: WriterDeps & { db: Db; org: OrgDirectory },
  def: ItemDefinition,
  options: { actor?: string; executor?: Executor } = {},
): Promise<{ item: Item; outcome: EnsureOutcome }> {
  if (!BASIC_CODE.test(def.basicCode)) {
    throw ValidationFailed({ issues: [{ location: 'definition', path: '/basicCode', message: `must match ${BASIC_CODE.source}` }] });
  }
  const { basicCode, organisationCode, status = 'published', note = null, ...input } = def;
  const found = await deps.org.getOrganisationByCode(organisationCode);
  if (!found) {
    throw OrganisationNotFound({ organisation: organisationCode });
  }
  if (!found.creditCode) {
    throw OrganisationWithoutCreditCode({ organisation: organisationCode });
  }
  const organisation = { id: found.id, code: found.code, name: found.name, divisionCode: found.divisionCode, creditCode: found.creditCode };
  const level = levelOf(organisation.divisionCode);
  if (!level) {
    throw OrganisationNotFound({ organisation: organisationCode, reason: 'division' });
  }
  const content = completeContent(input);
  await assertAcceptable(content, organisation.divisionCode, deps.org);
  const code = implementationCode(basicCode, organisation);
  const actor = options.actor ?? 'system';
  return inTransaction(options.executor ?? deps.db, async (trx) => {
    const existing = await createItemRepository(trx).getByCode(code);
    if (!existing) {
      const item = await writeItem(deps, trx, { action: 'create', actor, note, content, status }, { code, basicCode, organisation, level });
      return { item, outcome: 'created' as const };
    }
    const same = sameContent(content, contentOf(existing));
    if (same && existing.status === status) {
      return { item: existing, outcome: 'unchanged' as const };
    }
    const action = same && status === 'published' ? 'publish' : 'update';
    const item = await writeItem(deps, trx, { action, actor, note, content, status }, { existing });
    return { item, outcome: 'updated' as const };
  });
}
