import type { Principal } from '../../kernel/auth/index.js';
import type { Db } from '../../kernel/db/index.js';
import { addDays, shanghaiDay } from './exchange.dates.js';
import { createExchangeRepository, type RequestRow } from './exchange.repository.js';
import type { CatalogLookup, ExchangeService } from './exchange.service.js';

type DemoDecision =
  | { kind: 'pending' }
  | { kind: 'approve'; by: string; ratePerMinute?: number; reason?: string; callsPerWorkday?: number }
  | { kind: 'reject'; by: string; reason: string };

interface DemoRequest {
  /** A username of data/demo/ezhou-org.json: the request is filed for that user's organisation. */
  by: string;
  resource: 'persons' | 'entities';
  purpose: string;
  fields: string[];
  /** How many days before today the request was filed (decided the day after); its period starts two days after filing. */
  filedDaysAgo: number;
  ratePerMinute: number;
  clearTextReason?: string;
  decision: DemoDecision;
}

/**
 * The demo city's exchange, filed in this order (the newest is listed first): a rejected
 * clear-text request, the narrower request approved after it, the police asking the
 * market regulator, and one request still waiting for the police.
 * Consumers are departments without a grant in the route tests or the browser journey
 * (大数据中心 is theirs), so the demo grants never decide those calls.
 */
const DEMO_REQUESTS: readonly DemoRequest[] = [
  {
    by: 'officer',
    resource: 'persons',
    purpose: '企业登记注册：核对法定代表人、股东身份原始信息',
    fields: ['id_number', 'name', 'address'],
    filedDaysAgo: 62,
    ratePerMinute: 120,
    clearTextReason: '登记材料须与身份信息原文逐字比对',
    decision: { kind: 'reject', by: 'police.steward', reason: '明文调取理由不充分：登记核验请申请脱敏字段，身份比对请使用身份核验接口。' },
  },
  {
    by: 'officer',
    resource: 'persons',
    purpose: '企业开办“一件事”：核验法定代表人、股东身份及人员状态',
    fields: ['id_number', 'name', 'sex', 'birth_date', 'status'],
    filedDaysAgo: 47,
    ratePerMinute: 120,
    decision: { kind: 'approve', by: 'police.steward', ratePerMinute: 60, reason: '按实际办件量核定调用频率为 60 次/分钟', callsPerWorkday: 260 },
  },
  {
    by: 'police.steward',
    resource: 'entities',
    purpose: '涉企案件办理：核查市场主体登记状态、住所和法定代表人',
    fields: ['credit_code', 'name', 'type', 'legal_rep_name', 'division_code', 'address', 'status'],
    filedDaysAgo: 42,
    ratePerMinute: 30,
    decision: { kind: 'approve', by: 'market.steward', callsPerWorkday: 48 },
  },
  {
    by: 'admin',
    resource: 'persons',
    purpose: '“一网通办”办件身份核验和户籍地判断',
    fields: ['id_number', 'name', 'household_division'],
    filedDaysAgo: 0,
    ratePerMinute: 200,
    decision: { kind: 'pending' },
  },
];

/** A day's calls for the demo's history: a workday level with some wobble, little at weekends. */
export function demoDailyCalls(day: string, callsPerWorkday: number): { calls: number; refused: number } {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const hash = [...day].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_003, 7);
  const level = weekday === 0 || weekday === 6 ? callsPerWorkday * 0.12 : callsPerWorkday;
  const calls = Math.round(level * (0.75 + (hash % 50) / 100));
  return { calls, refused: Math.round((calls * (hash % 4)) / 100) };
}

/**
 * Files the demo requests as the demo users, through the service (so the rules and the audit
 * trail apply), decides them, and gives each approved grant a metered history up to
 * yesterday. Idempotent: a request is found again by consumer, resource and purpose; a
 * grant that already has counters keeps them.
 */
export async function seedDemoExchange(
  deps: { db: Db; service: ExchangeService; catalog: CatalogLookup; resourceCodes: { persons: string; entities: string } },
  userPrincipal: (username: string) => Promise<Principal | null>,
): Promise<{ requests: number }> {
  const repo = createExchangeRepository(deps.db);
  const today = shanghaiDay();
  let requests = 0;
  for (const demo of DEMO_REQUESTS) {
    const requester = await userPrincipal(demo.by);
    const resource = await deps.catalog.getResource(deps.resourceCodes[demo.resource]);
    const decider = demo.decision.kind === 'pending' ? null : await userPrincipal(demo.decision.by);
    if (!requester?.organisationId || !resource || (demo.decision.kind !== 'pending' && !decider)) {
      continue;
    }
    const filedOn = addDays(today, -demo.filedDaysAgo);
    const validFrom = demo.filedDaysAgo === 0 ? today : addDays(filedOn, 2);
    const found = await repo.findRequest({ consumerOrgId: requester.organisationId, resourceId: resource.id, purpose: demo.purpose });
    let row: RequestRow =
      found ??
      (await deps.service.createRequest(requester, {
        resourceId: resource.id,
        purpose: demo.purpose,
        fields: demo.fields,
        validFrom,
        validTo: addDays(validFrom, 364),
        ratePerMinute: demo.ratePerMinute,
        clearText: demo.clearTextReason !== undefined,
        clearTextReason: demo.clearTextReason ?? null,
      }));
    requests++;
    // Still pending when an earlier start stopped between filing and deciding.
    if (row.status === 'pending' && decider && demo.decision.kind === 'reject') {
      row = await deps.service.reject(decider, row.id, { version: row.version, reason: demo.decision.reason });
    } else if (row.status === 'pending' && decider && demo.decision.kind === 'approve') {
      const { ratePerMinute, reason } = demo.decision;
      row = (await deps.service.approve(decider, row.id, { version: row.version, ratePerMinute, reason })).request;
    }
    if (!found && demo.filedDaysAgo > 0) {
      await repo.backdate(row.id, new Date(`${filedOn}T09:30:00+08:00`), decider ? new Date(`${addDays(filedOn, 1)}T15:10:00+08:00`) : null);
    }
    const grant = await repo.getGrantByRequest(row.id);
    if (grant && demo.decision.kind === 'approve' && demo.decision.callsPerWorkday && !(await repo.hasUsage(grant.id))) {
      const days: Array<{ grant_id: string; day: string; calls: number; refused: number }> = [];
      for (let day = grant.valid_from; day < today; day = addDays(day, 1)) {
        days.push({ grant_id: grant.id, day, ...demoDailyCalls(day, demo.decision.callsPerWorkday) });
      }
      await repo.insertUsage(days);
    }
  }
  return { requests };
}
