import { hasPermission, regionPrefix, type Principal } from '../../kernel/auth/index.js';
import { createCaseRepository, type CaseRecord } from './case.repository.js';
import { actorOf, type CaseOrganisation, type CasesDeps } from './cases.deps.js';
import { CaseClosed, CaseVersionConflict, OrganisationNotFound } from './cases.errors.js';
import { CasesPermissions as P } from './cases.permissions.js';
import { recordHappening } from './cases.record.js';
import { InvalidDueAt, NotSummoned, SummonNotAllowed, SuperviseNotAllowed } from './coordination.errors.js';
import { createCoordinationRepository } from './coordination.repository.js';
import { levelOfPrincipal } from './escalation.js';

type Visible = (principal: Principal, id: string) => Promise<CaseRecord>;

/**
 * 吹哨报到 and 督办: a street summons departments onto a case, they report in (报到); the
 * city command centre supervises a case with a note and an optional due time. Each step
 * checks the case's `version`, writes a timeline entry, the event and an audit record.
 */
export function createSupervision(deps: CasesDeps & { now: () => Date }, visible: Visible) {
  const { db, now } = deps;

  /** Raises the version (409 when stale) inside `trx`; returns the case after. */
  async function touch(trx: Parameters<typeof createCaseRepository>[0], id: string, version: number): Promise<CaseRecord> {
    const cases = createCaseRepository(trx);
    const updated = await cases.update(id, version, {});
    if (!updated) {
      throw CaseVersionConflict({ currentVersion: (await cases.get(id))?.version ?? null });
    }
    return updated;
  }

  return {
    /** 吹哨: by a street-level dispatcher of the case's region or the street's assigned handler. */
    async summon(principal: Principal, id: string, input: { version: number; organisationCodes: string[]; note: string }): Promise<CaseRecord> {
      const current = await visible(principal, id);
      if (current.status === 'closed') {
        throw CaseClosed({ number: current.number });
      }
      const assigned = current.organisation !== null && current.organisation.id === principal.organisationId && hasPermission(principal, P.handle);
      if (levelOfPrincipal(principal) !== 'street' || !(hasPermission(principal, P.dispatch) || assigned)) {
        throw SummonNotAllowed();
      }
      const orgs: CaseOrganisation[] = [];
      for (const code of new Set(input.organisationCodes)) {
        const found = await deps.org.getOrganisationByCode(code);
        if (!found) {
          throw OrganisationNotFound({ organisationCode: code });
        }
        orgs.push(found);
      }
      const actor = actorOf(principal);
      return db.transaction().execute(async (trx) => {
        const updated = await touch(trx, current.id, input.version);
        const summoned = await createCoordinationRepository(trx).insertSummons(current.id, orgs, input.note, actor);
        await recordHappening(deps, trx, updated, { action: 'summon', fromStatus: current.status, actor, actorName: principal.name, comment: input.note, details: { organisations: orgs.map((o) => o.code), newlySummoned: summoned } });
        return updated;
      });
    },

    /** 报到: a handler of a summoned department reports in, once. */
    async reportIn(principal: Principal, id: string, input: { version: number; comment?: string | undefined }): Promise<CaseRecord> {
      const current = await createCaseRepository(db).get(id);
      const summons = current && principal.organisationId ? await createCoordinationRepository(db).summons(id) : [];
      const mine = summons.find((s) => s.orgId === principal.organisationId && s.reportedAt === null);
      if (!current || !mine) {
        throw NotSummoned();
      }
      if (current.status === 'closed') {
        throw CaseClosed({ number: current.number });
      }
      const actor = actorOf(principal);
      return db.transaction().execute(async (trx) => {
        const updated = await touch(trx, current.id, input.version);
        if (!(await createCoordinationRepository(trx).reportIn(current.id, mine.orgId, actor, input.comment ?? null))) {
          throw NotSummoned();
        }
        await recordHappening(deps, trx, updated, { action: 'report_in', fromStatus: current.status, actor, actorName: principal.name, comment: input.comment ?? null, details: { organisation: mine.orgCode } });
        return updated;
      });
    },

    /** 督办: by the city's command centre (dispatchers bound to the city); again renews the note and due time. */
    async supervise(principal: Principal, id: string, input: { version: number; note: string; dueAt?: string | undefined }): Promise<CaseRecord> {
      if (levelOfPrincipal(principal) !== 'city' || !hasPermission(principal, P.dispatch)) {
        throw SuperviseNotAllowed();
      }
      const current = await visible(principal, id);
      if (current.status === 'closed') {
        throw CaseClosed({ number: current.number });
      }
      const dueAt = input.dueAt ? new Date(input.dueAt) : null;
      if (dueAt && (Number.isNaN(dueAt.getTime()) || dueAt.getTime() <= now().getTime())) {
        throw InvalidDueAt();
      }
      const actor = actorOf(principal);
      return db.transaction().execute(async (trx) => {
        const updated = await touch(trx, current.id, input.version);
        const repo = createCoordinationRepository(trx);
        await repo.supervise(current.id, { note: input.note, dueAt, by: actor, name: principal.name });
        const times = (await repo.supervision(current.id))?.times ?? 1;
        await recordHappening(deps, trx, updated, { action: 'supervise', fromStatus: current.status, actor, actorName: principal.name, comment: input.note, details: { dueAt: dueAt?.toISOString() ?? null, times } });
        return updated;
      });
    },

    /** 督办台: supervised cases of the caller's region not yet closed, due soonest first. */
    async board(principal: Principal, query: { page: number; pageSize: number }) {
      const repo = createCoordinationRepository(db);
      const { ids, total } = await repo.board({ regionPrefix: regionPrefix(principal), offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
      const cases = createCaseRepository(db);
      const items = (await Promise.all(ids.map((id) => cases.get(id)))).filter((c): c is CaseRecord => c !== undefined);
      return { items, total };
    },
  };
}
