import { createGroupCommit, executeTogether } from '../../kernel/db/index.js';
import { createCaseRepository, type CaseRecord, type NewCase } from './case.repository.js';
import type { CasesDeps } from './cases.deps.js';
import type { CaseStatus } from './cases.model.js';
import { happeningEvent, happeningRecords, type Happening } from './cases.record.js';
import { createCoordinationRepository } from './coordination.repository.js';
import { duplicateProposals, duplicateWindowStart, nearbyArea } from './duplicates.js';

/** A case checked and classified, ready to be written: the row as it is to be stored, and what happened to it. */
export interface PreparedIntake {
  row: NewCase & { id: string; status: CaseStatus; version?: number };
  /** The category given at intake, before any dispatch. */
  givenCategoryCode: string | null;
  intake: Happening;
  /** 智能分拨's dispatch, whose columns are already in `row`. */
  dispatch: Happening | null;
}

/** Most cases in one intake transaction. */
const MAX_BATCH = 128;
/** How long a batch waits for the calls still being checked and classified (see createGroupCommit's `begin`). */
const MAX_WAIT_MS = 5;

/**
 * Writes taken-in cases by group commit: the calls that arrive while one transaction is
 * being written go together into the next. One statement inserts the cases and their
 * timeline entries, finds the stored cases they may repeat and claims the audit chain for
 * all their records; a second inserts their outbox events, the duplicates proposed and the
 * audit records: a busy hotline pays per batch, not per call. Each caller gets its own case
 * once the transaction that holds it has committed; a batch that fails is written again case by case, so a bad case (a repeated
 * alarm's `source_ref`) fails only its own caller. One writer at a time, so the calls of a
 * batch are compared with each other and with everything committed before it: two similar
 * calls a moment apart are still proposed as duplicates.
 */
export function createIntakeWriter(deps: CasesDeps & { now: () => Date }) {
  return createGroupCommit<PreparedIntake, CaseRecord>({
    maxBatch: MAX_BATCH,
    maxWaitMs: MAX_WAIT_MS,
    write: (items) =>
      deps.db.transaction().execute(async (trx) => {
        const probes = items.map(({ row }) => ({
          categoryCode: row.category_code ?? null,
          divisionCode: row.division_code,
          point: typeof row.lon === 'number' && typeof row.lat === 'number' ? { lon: row.lon, lat: row.lat } : null,
          description: row.description,
        }));
        const events = items.flatMap(({ row, intake, dispatch }) =>
          dispatch ? [happeningEvent(row.id, 'accepted', null, intake), happeningEvent(row.id, row.status, row.org_name ?? null, dispatch)] : [happeningEvent(row.id, row.status, null, intake)],
        );
        // The audit chain is claimed in the first statement and sealed in the second: four
        // round trips a batch (begin, two statements, commit), each of which on a busy node
        // waits longer in the event loop than in the database.
        const auditCount = items.reduce((n, item) => n + (item.dispatch ? 2 : 1), 0);
        const { cases: written, auditHead } = await createCaseRepository(trx).insertTakenIn(
          items.map((item) => item.row),
          events,
          probes.map(nearbyArea),
          duplicateWindowStart(deps.now()),
          deps.audit.claimQuery(auditCount),
        );
        const created = written.map((w) => w.record);
        const records = items.flatMap((item, i) => {
          const c = created[i]!;
          if (!item.dispatch) {
            return [happeningRecords(c, item.intake)];
          }
          const atIntake = { ...c, status: 'accepted' as const, organisation: null, categoryCode: item.givenCategoryCode, version: 1 };
          return [happeningRecords(atIntake, item.intake), happeningRecords(c, item.dispatch)];
        });
        const taken = items.map(({ row }, i) => ({ id: row.id, probe: probes[i]!, candidates: written[i]!.candidates }));
        const sealed = deps.audit.sealQueries(trx, auditHead, records.map((r) => r.audit));
        await executeTogether(trx, [
          deps.bus.publishQuery(trx, records.map((r) => r.message)),
          createCoordinationRepository(trx).insertDuplicatesQuery(duplicateProposals(taken)),
          ...sealed.queries,
        ]);
        return created;
      }),
  });
}
