import { hasPermission, type Principal } from '../../kernel/auth/index.js';
import { parseDivisionCode } from '../../kernel/identifiers/index.js';
import { createCaseRepository, type CaseRecord } from './case.repository.js';
import { actorOf, type CasesDeps } from './cases.deps.js';
import { CaseClosed, CaseVersionConflict } from './cases.errors.js';
import { CasesPermissions as P } from './cases.permissions.js';
import { recordHappening } from './cases.record.js';
import { EscalationNotAllowed, EscalationTop } from './coordination.errors.js';
import { createCoordinationRepository } from './coordination.repository.js';

/** 网格 → 社区 → 街道 → 区 → 市. */
export const LEVELS = ['grid', 'community', 'street', 'district', 'city'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = { grid: '网格', community: '社区', street: '街道', district: '区', city: '市' };

/** The level of a division: village → 社区, township → 街道, county → 区, anything above → 市. */
export function levelOfDivision(code: string): Level {
  const parsed = parseDivisionCode(code);
  if (!parsed.ok) {
    return 'city';
  }
  switch (parsed.value.level) {
    case 'village':
      return 'community';
    case 'township':
      return 'street';
    case 'county':
      return 'district';
    case 'prefecture':
    case 'province':
      return 'city';
  }
}

/** Grid workers act at 网格; everyone else at the level of the division they are bound to. */
export function levelOfPrincipal(principal: Principal): Level {
  return principal.roles.includes('grid_worker') ? 'grid' : levelOfDivision(principal.divisionCode);
}

/** A grid report starts at 网格, any other case at its division's level, until escalated. */
export function initialLevel(c: Pick<CaseRecord, 'channel' | 'divisionCode'>): Level {
  return c.channel === 'grid' ? 'grid' : levelOfDivision(c.divisionCode);
}

export async function levelOf(db: CasesDeps['db'], c: CaseRecord): Promise<Level> {
  return ((await createCoordinationRepository(db).level(c.id)) as Level | undefined) ?? initialLevel(c);
}

/**
 * 上报: the case's handling level rises one step. Allowed for the handler of the assigned
 * organisation, and for those acting at the case's current level: its dispatchers and
 * handlers, and at 网格 its grid workers. Refused at 市 (the top) and on closed cases.
 */
export function createEscalation(deps: CasesDeps & { now: () => Date }, visible: (principal: Principal, id: string) => Promise<CaseRecord>) {
  return async function escalate(principal: Principal, id: string, input: { version: number; reason: string }): Promise<CaseRecord> {
    const current = await visible(principal, id);
    if (current.status === 'closed') {
      throw CaseClosed({ number: current.number });
    }
    const level = await levelOf(deps.db, current);
    const assigned = hasPermission(principal, P.handle) && current.organisation !== null && current.organisation.id === principal.organisationId;
    const atLevel =
      levelOfPrincipal(principal) === level && (hasPermission(principal, P.dispatch) || hasPermission(principal, P.handle) || (level === 'grid' && hasPermission(principal, P.intake)));
    if (!assigned && !atLevel) {
      throw EscalationNotAllowed({ level, callerLevel: levelOfPrincipal(principal) });
    }
    const next = LEVELS[LEVELS.indexOf(level) + 1];
    if (!next) {
      throw EscalationTop();
    }
    const actor = actorOf(principal);
    return deps.db.transaction().execute(async (trx) => {
      const cases = createCaseRepository(trx);
      const updated = await cases.update(current.id, input.version, {});
      if (!updated) {
        throw CaseVersionConflict({ currentVersion: (await cases.get(current.id))?.version ?? null });
      }
      await createCoordinationRepository(trx).setLevel(current.id, next, actor);
      await recordHappening(deps, trx, updated, { action: 'escalate', fromStatus: current.status, actor, actorName: principal.name, comment: input.reason, details: { from: level, to: next } });
      return updated;
    });
  };
}
