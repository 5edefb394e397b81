/**
 * 免申即享: policies whose rules run over the base registries and grant entitlements to
 * every eligible person or enterprise without an application. A run pages through the
 * register (narrowed in SQL by what the rules allow, e.g. born before a day for an age),
 * evaluates every rule on each row, and inserts one entitlement per policy, subject and
 * period: a second run in the same period creates none. A subject with an applicant
 * account gets a notice in their messages.
 */
import { hasPermission, regionPrefix, type Principal } from '../../kernel/auth/index.js';
import type { AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import { todayInShanghai } from '../../kernel/calendar/index.js';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.js';
import type { Db } from '../../kernel/db/index.js';
import { maskCitizenId } from '../../kernel/identifiers/index.js';
import { maskName, type EntityScanFilter, type LegalEntity, type Person, type PersonScanFilter } from '../registry/index.js';
import { createApplicantRepository } from './applicants.repository.js';
import { entityFacts, personFacts } from './applicants.service.js';
import type { Rule, RuleTrace } from './applications.model.js';
import type { RegistryScan } from './applications.ports.js';
import { NotPolicyOfficer, PolicyNotFound } from './engagement.errors.js';
import { ENTITLEMENT_GRANTED } from './engagement.events.js';
import { createEntitlementRepository, type NewEntitlement, type PolicyRecord, type RunRecord } from './entitlements.repository.js';
import type { PolicyPeriod } from './entitlements.tables.js';
import { evaluateRules } from './instant-rules.js';
import { ServicesPermissions as P, actorOf } from './services.permissions.js';

const SUBJECT_AAD = 'services_entitlement.subject';
const PAGE = 500;

export interface EntitlementsDeps {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  bus: Pick<Bus, 'publish'>;
  cipher: Pick<FieldCipher, 'encrypt' | 'blindIndex'>;
  registry: RegistryScan;
  now: () => Date;
}

/** The period a run grants for: `once`, the year `2026`, or the month `2026-11`. */
export function periodOf(period: PolicyPeriod, today: string): string {
  return period === 'once' ? 'once' : period === 'year' ? today.slice(0, 4) : today.slice(0, 7);
}

/** Days from `from` to `to` (YYYY-MM-DD). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** `today` moved by years and days (UTC calendar arithmetic on YYYY-MM-DD). */
function shift(today: string, years: number, days = 0): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * What SQL may narrow a person scan to, from rules that must all pass: only a
 * narrowing that cannot lose an eligible row (the rules themselves still decide).
 */
export function personScanFilter(rules: readonly Rule[], today: string): PersonScanFilter {
  const filter: PersonScanFilter = {};
  for (const rule of rules) {
    const v = rule.value;
    if (rule.registry === 'person.householdDivision' && rule.op === 'startsWith' && typeof v === 'string') {
      filter.divisionPrefix = v;
    } else if (rule.registry === 'person.status' && rule.op === '=' && typeof v === 'string') {
      filter.status = [v as never];
    } else if (rule.registry === 'person.status' && rule.op === 'in' && Array.isArray(v)) {
      filter.status = v as never[];
    } else if (rule.registry === 'person.age' && typeof v === 'number') {
      // age >= n: born on or before today n years ago; age <= n: born after today n+1 years ago.
      if (rule.op === '>=' || rule.op === '>') {
        filter.bornOnOrBefore = shift(today, -(rule.op === '>=' ? v : v + 1));
      } else if (rule.op === '<=' || rule.op === '<') {
        // A day early: a superset whatever leap days do; the rule decides.
        filter.bornOnOrAfter = shift(today, -((rule.op === '<=' ? v : v - 1) + 1));
      }
    } else if (rule.registry === 'person.ageDays' && typeof v === 'number' && (rule.op === '<=' || rule.op === '<')) {
      filter.bornOnOrAfter = shift(today, 0, -(rule.op === '<=' ? v : v - 1));
    }
  }
  return filter;
}

export function entityScanFilter(rules: readonly Rule[]): EntityScanFilter {
  const filter: EntityScanFilter = {};
  for (const rule of rules) {
    const v = rule.value;
    if (rule.registry === 'entity.divisionCode' && rule.op === 'startsWith' && typeof v === 'string') {
      filter.divisionPrefix = v;
    } else if (rule.registry === 'entity.status' && (rule.op === '=' || rule.op === 'in')) {
      filter.status = (Array.isArray(v) ? v : [v]) as never[];
    } else if (rule.registry === 'entity.type' && (rule.op === '=' || rule.op === 'in')) {
      filter.types = (Array.isArray(v) ? v : [v]) as string[];
    }
  }
  return filter;
}

/** Registry facts of a person for policy rules: those of 秒批 and `ageDays`. */
const personPolicyFacts = (p: Person, today: string) => ({ ...personFacts(p, today), ageDays: daysBetween(p.birthDate, today) });

const policyView = (p: PolicyRecord) => ({
  code: p.code,
  name: p.name,
  summary: p.summary,
  organisation: { id: p.organisation.id, name: p.organisation.name },
  subjectKind: p.subjectKind,
  period: p.period,
  benefit: p.benefit,
  rules: p.rules,
  active: p.active,
});

const runView = (r: RunRecord) => ({
  id: r.id,
  period: r.period,
  trigger: r.trigger,
  checked: r.checked,
  eligible: r.eligible,
  created: r.created,
  existing: r.existing,
  notified: r.notified,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

export type RunReport = ReturnType<typeof runView> & { policy: string };

export function createEntitlementsService(deps: EntitlementsDeps) {
  const { db, cipher } = deps;
  const repo = createEntitlementRepository(db);
  const today = () => todayInShanghai(deps.now());

  async function policyOf(code: string): Promise<PolicyRecord> {
    const policy = await repo.getPolicy(code);
    if (!policy) {
      throw PolicyNotFound();
    }
    return policy;
  }

  /** Officers of the policy's department; an administrator (`*`) for the policies in their region. */
  function assertOfficer(principal: Principal, policy: PolicyRecord): void {
    const admin = principal.permissions.has('*') && policy.organisation.divisionCode.startsWith(regionPrefix(principal));
    const own = hasPermission(principal, P.applicationHandle) && principal.organisationId === policy.organisation.id;
    if (!admin && !own) {
      throw NotPolicyOfficer();
    }
  }

  /** One page of eligible subjects → entitlements, messages, events, in one transaction. */
  async function grant(policy: PolicyRecord, run: RunRecord, eligible: Array<{ code: string; name: string; divisionCode: string; trace: RuleTrace[] }>) {
    if (eligible.length === 0) {
      return { created: 0, notified: 0 };
    }
    const indexes = eligible.map((e) => cipher.blindIndex(e.code));
    return db.transaction().execute(async (trx) => {
      const tx = createEntitlementRepository(trx);
      const accounts = await tx.applicantsByIndex(policy.subjectKind, indexes);
      const rows: NewEntitlement[] = eligible.map((e, i) => ({
        subjectEnc: cipher.encrypt(e.code, SUBJECT_AAD),
        subjectIndex: indexes[i]!,
        subjectMasked: policy.subjectKind === 'person' ? maskCitizenId(e.code) : e.code,
        subjectName: policy.subjectKind === 'person' ? maskName(e.name) : e.name,
        divisionCode: e.divisionCode,
        applicantId: accounts.get(indexes[i]!.toString('hex')) ?? null,
        trace: e.trace,
      }));
      const created = await tx.insertEntitlements(policy.id, run.period, run.id, policy.subjectKind, rows);
      let notified = 0;
      const messages = createApplicantRepository(trx);
      for (const e of created) {
        if (e.applicantId !== null) {
          notified++;
          await messages.insertMessage(e.applicantId, {
            applicationId: null,
            kind: 'entitlement',
            title: `免申即享：您已享受「${policy.name}」`,
            body: `经基础库数据比对，您符合「${policy.name}」条件（${run.period === 'once' ? '' : `${run.period} 期，`}${policy.organisation.name}），无需申请，待遇自动兑现：${policy.benefit}。`,
          });
        }
        await deps.bus.publish(trx, { type: ENTITLEMENT_GRANTED, payload: { entitlementId: e.id, policyCode: policy.code, period: run.period, subjectKind: policy.subjectKind, applicantId: e.applicantId } });
      }
      return { created: created.length, notified };
    });
  }

  /**
   * Runs a policy over the register for the current period. Idempotent per period: the
   * entitlements already granted are counted as `existing`, not created again.
   */
  async function run(policy: PolicyRecord, trigger: RunRecord['trigger'], actor: string): Promise<RunReport> {
    const day = today();
    const started = await repo.startRun(policy.id, periodOf(policy.period, day), trigger, actor);
    const counts = { checked: 0, eligible: 0, created: 0, existing: 0, notified: 0 };
    let cursor: string | null = null;
    do {
      const page: { items: Array<Person | LegalEntity>; cursor: string | null } =
        policy.subjectKind === 'person'
          ? await deps.registry.scanPersons(personScanFilter(policy.rules, day), { after: cursor, limit: PAGE })
          : await deps.registry.scanEntities(entityScanFilter(policy.rules), { after: cursor, limit: PAGE });
      const eligible = [];
      for (const row of page.items) {
        counts.checked++;
        const person = 'idNumber' in row ? row : null;
        const registry = person ? { person: personPolicyFacts(person, day) } : { entity: entityFacts(row as LegalEntity) };
        const verdict = evaluateRules(policy.rules, { form: {}, registry, materials: {} });
        if (verdict.passed) {
          eligible.push(person ? { code: person.idNumber, name: person.name, divisionCode: person.householdDivision, trace: verdict.trace } : { code: (row as LegalEntity).creditCode, name: row.name, divisionCode: (row as LegalEntity).divisionCode, trace: verdict.trace });
        }
      }
      counts.eligible += eligible.length;
      const granted = await grant(policy, started, eligible);
      counts.created += granted.created;
      counts.existing += eligible.length - granted.created;
      counts.notified += granted.notified;
      cursor = page.cursor;
    } while (cursor !== null);
    const finished = await db.transaction().execute(async (trx) => {
      const done = await createEntitlementRepository(trx).finishRun(started.id, counts);
      await deps.audit.append(trx, { actor, action: 'services.policy.run', target: `services.policy:${policy.code}`, details: { run: started.id, period: started.period, trigger, ...counts } });
      return done;
    });
    return { ...runView(finished), policy: policy.code };
  }

  return {
    /** The active policies (public). */
    list: async () => (await repo.listPolicies({ activeOnly: true })).map(policyView),

    get: async (code: string) => policyView(await policyOf(code)),

    /** Runs one policy now, for an officer of its department. */
    async runNow(principal: Principal, code: string): Promise<RunReport> {
      const policy = await policyOf(code);
      assertOfficer(principal, policy);
      return run(policy, 'manual', actorOf(principal));
    },

    /** The scheduled job `services.entitlements.run`: every active policy for the current period. */
    async runAll(): Promise<RunReport[]> {
      const reports = [];
      for (const policy of await repo.listPolicies({ activeOnly: true })) {
        reports.push(await run(policy, 'schedule', 'system:services.entitlements'));
      }
      return reports;
    },

    /** A policy's entitlements and its latest runs, for an officer of its department. */
    async entitlements(principal: Principal, code: string, query: { page: number; pageSize: number; period?: string | undefined }) {
      const policy = await policyOf(code);
      assertOfficer(principal, policy);
      const result = await repo.listEntitlements({ policyId: policy.id, period: query.period }, { offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
      return { ...result, page: query.page, pageSize: query.pageSize };
    },

    async runs(principal: Principal, code: string) {
      const policy = await policyOf(code);
      assertOfficer(principal, policy);
      return (await repo.listRuns(policy.id, 20)).map((r) => ({ ...runView(r), policy: policy.code }));
    },

    /** The applicant's own entitlements. */
    async mine(applicantId: string, query: { page: number; pageSize: number }) {
      const result = await repo.listEntitlements({ applicantId }, { offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
      return { ...result, page: query.page, pageSize: query.pageSize };
    },
  };
}

export type EntitlementsService = ReturnType<typeof createEntitlementsService>;
