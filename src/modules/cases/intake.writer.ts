import { createGroupCommit } from '../../kernel/db/index.js';
import { createCaseRepository, type CaseRecord, type NewCase } from './case.repository.js';
import type { CasesDeps } from './cases.deps.js';
import type { CaseStatus } from './cases.model.js';
import { happeningRecords, type Happening } from './cases.record.js';
import { proposeDuplicates } from './duplicates.js';

/** A case checked and classified, ready to be written: the row as it is to be stored, and what happened to it. */
export interface PreparedIntake {
  row: NewCase & { status: CaseStatus; version?: number };
  /** The category given at intake, before any dispatch. */
  givenCategoryCode: string | null;
  intake: Happening;
  /** 智能分拨's dispatch, whose columns are already in `row`. */
  dispatch: Happening | null;
}

/** Most cases in one intake transaction. */
const MAX_BATCH = 64;

/**
 * Writes taken-in cases by group commit: the calls that arrive while one transaction is
 * being written go together into the next, as one insert of cases, of timeline entries and
 * of outbox events, one duplicate look-up and one claim of the audit chain — a busy hotline
 * pays per batch, not per call. Each caller gets its own case once the transaction that
 * holds it has committed; a batch that fails is written again case by case, so a bad case
 * (a repeated alarm's `source_ref`) fails only its own caller.
 */
export function createIntakeWriter(deps: CasesDeps & { now: () => Date }) {
  return createGroupCommit<PreparedIntake, CaseRecord>({
    maxBatch: MAX_BATCH,
    concurrency: Number(process.env.WCONC ?? 1),
    write: (items) =>
      deps.db.transaction().execute(async (trx) => {
        const repo = createCaseRepository(trx);
        const created = await repo.insertMany(items.map((item) => item.row));
        const records = items.flatMap((item, i) => {
          const c = created[i]!;
          if (!item.dispatch) {
            return [happeningRecords(c, item.intake)];
          }
          const atIntake = { ...c, status: 'accepted' as const, organisation: null, categoryCode: item.givenCategoryCode, version: 1 };
          return [happeningRecords(atIntake, item.intake), happeningRecords(c, item.dispatch)];
        });
        await repo.insertEvents(records.map((r) => r.event));
        await deps.bus.publishMany(trx, records.map((r) => r.message));
        await proposeDuplicates(trx, created, deps.now());
        // Last: appending takes the audit chain's lock, held until commit.
        await deps.audit.appendMany(trx, records.map((r) => r.audit));
        return created;
      }),
  });
}
