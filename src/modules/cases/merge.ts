import type { Principal } from '../../kernel/auth/index.js';
import type { Executor } from '../../kernel/db/index.js';
import { createCaseRepository, type CaseRecord } from './case.repository.js';
import { actorOf, type CasesDeps } from './cases.deps.js';
import { CaseClosed, CaseVersionConflict } from './cases.errors.js';
import { recordHappening, type RecordDeps } from './cases.record.js';
import { MergeIntoItself, MergeOtherRegion, MergeTargetClosed } from './coordination.errors.js';
import { createCoordinationRepository } from './coordination.repository.js';

export interface MergeInput {
  intoCaseId: string;
  version: number;
  comment?: string | undefined;
}

/**
 * 合并: a duplicate is closed into its main case, so that one organisation handles the
 * problem once. Refused when merging a case into itself, into a closed case, across
 * divisions, or with a stale `version` of the duplicate. In one transaction: the duplicate
 * closed (timeline `merge`), its reporters (and those it had gathered) attached to the main
 * case (timeline `absorb`), its proposals forgotten, both audited.
 */
export function createMerge(deps: CasesDeps & { now: () => Date }, visible: (principal: Principal, id: string) => Promise<CaseRecord>) {
  return async function merge(principal: Principal, id: string, input: MergeInput): Promise<CaseRecord> {
    if (id === input.intoCaseId) {
      throw MergeIntoItself();
    }
    const duplicate = await visible(principal, id);
    if (duplicate.status === 'closed') {
      throw CaseClosed({ number: duplicate.number });
    }
    const main = await visible(principal, input.intoCaseId);
    if (main.status === 'closed') {
      throw MergeTargetClosed({ number: main.number });
    }
    if (main.divisionCode !== duplicate.divisionCode) {
      throw MergeOtherRegion({ divisionCode: duplicate.divisionCode, intoDivisionCode: main.divisionCode });
    }
    const actor = actorOf(principal);
    return deps.db.transaction().execute(async (trx) => {
      const cases = createCaseRepository(trx);
      const closed = await cases.update(duplicate.id, input.version, { status: 'closed', closed_at: deps.now(), warning: 'none' });
      if (!closed) {
        throw CaseVersionConflict({ currentVersion: (await cases.get(duplicate.id))?.version ?? null });
      }
      // The main case may have been closed since it was read.
      if ((await cases.get(main.id))?.status === 'closed') {
        throw MergeTargetClosed({ number: main.number });
      }
      const coordination = createCoordinationRepository(trx);
      await coordination.insertMerge(duplicate.id, main.id, actor);
      await coordination.moveReporters({ id: duplicate.id, name: duplicate.reporter.name, phoneEnc: duplicate.reporter.phoneEnc, phoneMasked: duplicate.reporter.phoneMasked }, main.id);
      await coordination.forgetDuplicates(duplicate.id);
      const comment = input.comment ?? null;
      await recordHappening(deps, trx, closed, { action: 'merge', fromStatus: duplicate.status, actor, actorName: principal.name, comment, details: { intoCaseId: main.id, intoNumber: main.number } });
      await recordHappening(deps, trx, main, { action: 'absorb', fromStatus: main.status, actor, actorName: principal.name, comment, details: { fromCaseId: duplicate.id, fromNumber: duplicate.number } });
      return closed;
    });
  };
}

/**
 * Tells the reporters merged into `main` that it was answered (反馈) or closed (结案): each
 * not yet told gets a timeline entry on its own (merged) case, and the main case one entry
 * naming how many were told; each audited. Runs in the transition's transaction.
 */
export async function informMergedReporters(deps: RecordDeps, trx: Executor, main: CaseRecord, what: 'reply' | 'close', note: string | null, who: { actor: string; name: string | null }, at: Date): Promise<number> {
  const told = await createCoordinationRepository(trx).markInformed(main.id, what, at);
  if (told.length === 0) {
    return 0;
  }
  const cases = createCaseRepository(trx);
  const message = `${what === 'reply' ? '主案件已反馈' : '主案件已结案'}（${main.number}）${note ? `：${note}` : ''}`;
  for (const fromCaseId of new Set(told.map((t) => t.fromCaseId))) {
    const merged = await cases.get(fromCaseId);
    if (merged) {
      const phones = told.filter((t) => t.fromCaseId === fromCaseId).map((t) => t.phoneMasked);
      await recordHappening(deps, trx, merged, { action: 'inform', fromStatus: merged.status, actor: who.actor, actorName: who.name, comment: message, details: { mainCaseId: main.id, what, phones } });
    }
  }
  await recordHappening(deps, trx, main, { action: 'inform', fromStatus: main.status, actor: who.actor, actorName: who.name, comment: `已告知合并案件的 ${told.length} 位反映人`, details: { what, reporters: told.length } });
  return told.length;
}
