import type { Principal } from '../../kernel/auth/index.js';
import type { CaseRecord } from './case.repository.js';
import type { CasesDeps } from './cases.deps.js';
import { createCoordinationRepository, type SupervisionRow } from './coordination.repository.js';
import { createEscalation, levelOf } from './escalation.js';
import { hotspots, type HotspotWindow } from './hotspots.js';
import { createMerge } from './merge.js';
import { createSupervision } from './supervision.js';

/** Duplicates and merge, hot spots, escalation, 吹哨报到 and 督办 over the cases of the module. */
export function createCoordination(deps: CasesDeps & { now: () => Date }, visible: (principal: Principal, id: string) => Promise<CaseRecord>) {
  const repo = createCoordinationRepository(deps.db);
  const supervision = createSupervision(deps, visible);
  return {
    merge: createMerge(deps, visible),
    escalate: createEscalation(deps, visible),
    summon: supervision.summon,
    reportIn: supervision.reportIn,
    supervise: supervision.supervise,
    supervisionBoard: supervision.board,
    hotspots: (principal: Principal, query: { window: HotspotWindow; categoryCode?: string | undefined }) => hotspots(deps.db, principal, query, deps.now()),

    /** The supervision of each case that has one, by case id (the queue's 督办 flag). */
    async supervisionOf(caseIds: string[]): Promise<Map<string, SupervisionRow>> {
      return new Map((await repo.supervisions(caseIds)).map((s) => [s.caseId, s]));
    },

    /** What the detail shows beside the case: proposed duplicates, merges, extra reporters, level, summons, supervision. */
    async coordinationOf(c: CaseRecord) {
      const [duplicates, mergedInto, mergedCases, reporters, level, summons, supervised] = await Promise.all([
        repo.duplicatesOf(c.id),
        repo.mergedInto(c.id),
        repo.mergedCases(c.id),
        repo.reporters(c.id),
        levelOf(deps.db, c),
        repo.summons(c.id),
        repo.supervision(c.id),
      ]);
      return { duplicates, mergedInto: mergedInto ?? null, mergedCases, reporters, level, summons, supervision: supervised ?? null };
    },
  };
}
