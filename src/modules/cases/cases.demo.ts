/**
 * The demo city's case history: a year of 12345 and grid cases over Ezhou, closed through
 * the whole loop (派遣 → 签收 → 处置 → 反馈 → 回访 → 结案, some 重办), and the last days'
 * cases still running, so the queue, the map and the hot spots are alive on first start.
 * Texts come from the training part of the shipped corpus (never the held-out part, so the
 * classifier's evaluation stays honest when it retrains on handled cases).
 */
import { sql, type Insertable } from 'kysely';
import { todayInShanghai } from '../../kernel/calendar/index.js';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import { DEMO_ACTOR, type CaseAction, type CaseStatus, type CaseType, type Channel, type Satisfaction, type Urgency } from './cases.model.js';
import type { CasesTables } from './cases.tables.js';
import { readCategories } from './categories.js';
import { isHeldOut, readCorpus, type LabelledText } from './classifier/corpus.js';
import { PHONE_AAD, type CaseOrganisation, type CasesDeps } from './cases.deps.js';
import { computeDeadline } from './deadlines.js';
import { maskPhone } from './cases.service.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Ezhou's extent (WGS-84); points outside the city's grids are drawn again. */
const EXTENT = { west: 114.5, east: 115.1, south: 30.0, north: 30.45 };
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国红梅志强海燕玉兰春梅秀兰文军金凤晓东丽萍小红德华俊杰思远子涵雨欣浩然欣怡宇轩梓萱';

type Rng = () => number;

/** mulberry32: the same history on every first start. */
function rngOf(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

function personName(rng: Rng): string {
  const given = Array.from(GIVEN);
  return pick(rng, Array.from(SURNAMES)) + pick(rng, given) + (rng() < 0.6 ? pick(rng, given) : '');
}

function mobile(rng: Rng): string {
  return `1${pick(rng, ['33', '35', '37', '38', '39', '50', '52', '58', '59', '77', '80', '86', '87', '89', '99'])}${String(Math.floor(rng() * 1e8)).padStart(8, '0')}`;
}

function typeOf(text: string, rng: Rng): CaseType {
  if (/举报|偷|违法|私自|无证/.test(text)) {
    return 'report';
  }
  if (/请问|咨询|怎么办理|需要什么/.test(text)) {
    return 'consult';
  }
  if (/建议|希望能|能不能增加/.test(text)) {
    return 'suggestion';
  }
  if (/求助|帮帮|被困|救/.test(text)) {
    return 'help';
  }
  return rng() < 0.85 ? 'complaint' : 'help';
}

interface Responsible {
  org: CaseOrganisation;
  urgentHours: number;
  limitDays: number;
}

interface Step {
  action: CaseAction;
  from: CaseStatus | null;
  to: CaseStatus;
  at: Date;
  actor: string;
  actorName: string | null;
  orgName: string | null;
  comment: string | null;
  details: Record<string, unknown> | null;
}

const REPLIES = [
  '已安排人员到现场核实处理，问题已整改完毕。',
  '经现场查看，已协调相关单位完成处置，后续将加强巡查。',
  '已联系责任单位限期整改，现已处理到位。',
  '已约谈当事方并责令改正，现场已恢复正常。',
  '已纳入近期维修计划并完成施工，感谢您的反映。',
];

export interface DemoCasesReport {
  created: number;
  running: number;
}

/**
 * Writes the demo history once (nothing when demo cases exist). Rows and timelines go in
 * directly, as an import of history: one audit record says so, instead of one per past step.
 */
export async function seedDemoCases(deps: CasesDeps, options: { days?: number; perDay?: number; runningDays?: number } = {}): Promise<DemoCasesReport> {
  const db = tablesOf<CasesTables>(deps.db);
  const existing = await db.selectFrom('cases_case').select('id').where('created_by', '=', DEMO_ACTOR).limit(1).executeTakeFirst();
  if (existing) {
    return { created: 0, running: 0 };
  }
  const now = deps.now?.() ?? new Date();
  const days = options.days ?? 365;
  const perDay = options.perDay ?? 8;
  const runningDays = options.runningDays ?? 6;
  const rng = rngOf(20_261_124);
  const categories = readCategories();
  const corpus = readCorpus(new Set(categories.map((c) => c.code))).filter((t) => !isHeldOut(t.text));
  const responsible = await responsibleDepartments(deps);
  const usable = corpus.filter((t) => responsible.has(t.category));
  if (usable.length === 0) {
    return { created: 0, running: 0 };
  }

  const pointOf = pointPicker(deps);
  const rows: Array<{ row: DemoRow; steps: Step[] }> = [];
  for (let day = days; day >= 0; day -= 1) {
    const count = Math.max(1, Math.round(perDay * (0.6 + rng() * 0.8) * (isWeekend(now, day) ? 0.7 : 1)));
    for (let i = 0; i < count; i += 1) {
      const createdAt = new Date(now.getTime() - day * DAY - Math.floor(rng() * 14 * HOUR));
      if (createdAt.getTime() >= now.getTime()) {
        continue;
      }
      const text = pick(rng, usable);
      const duty = responsible.get(text.category)!;
      const running = day < runningDays;
      rows.push(await demoCase(deps, rng, pointOf, text, duty, createdAt, now, running));
    }
  }
  let created = 0;
  for (let i = 0; i < rows.length; i += 250) {
    created += await deps.db.transaction().execute((trx) => insertRows(trx, rows.slice(i, i + 250)));
  }
  await deps.audit.append(deps.db, {
    actor: DEMO_ACTOR,
    action: 'cases.demo.seeded',
    target: 'cases_case',
    details: { created, days, from: todayInShanghai(new Date(now.getTime() - days * DAY)), to: todayInShanghai(now) },
  });
  return { created, running: rows.filter((r) => r.row.status !== 'closed').length };
}

function isWeekend(now: Date, daysAgo: number): boolean {
  const weekday = new Date(now.getTime() - daysAgo * DAY + 8 * HOUR).getUTCDay();
  return weekday === 0 || weekday === 6;
}

async function responsibleDepartments(deps: CasesDeps): Promise<Map<string, Responsible>> {
  const db = tablesOf<CasesTables>(deps.db);
  const duties = await db.selectFrom('cases_responsibility').select(['category_code', 'org_code', 'urgent_hours', 'limit_days']).execute();
  const orgs = new Map<string, CaseOrganisation | undefined>();
  const out = new Map<string, Responsible>();
  for (const duty of duties) {
    if (!orgs.has(duty.org_code)) {
      orgs.set(duty.org_code, await deps.org.getOrganisationByCode(duty.org_code));
    }
    const org = orgs.get(duty.org_code);
    if (org) {
      out.set(duty.category_code, { org, urgentHours: duty.urgent_hours, limitDays: duty.limit_days });
    }
  }
  return out;
}

type PointPicker = (rng: Rng) => Promise<{ lon: number; lat: number; gridCode: string | null }>;

/** Random points in the city's grids; without grids (none seeded), in its extent. */
function pointPicker(deps: CasesDeps): PointPicker {
  let gridless = !deps.grid;
  const draw = (rng: Rng) => ({
    lon: Math.round((EXTENT.west + rng() * (EXTENT.east - EXTENT.west)) * 1e6) / 1e6,
    lat: Math.round((EXTENT.south + rng() * (EXTENT.north - EXTENT.south)) * 1e6) / 1e6,
  });
  return async (rng) => {
    for (let attempt = 0; !gridless && attempt < 50; attempt += 1) {
      const point = draw(rng);
      const located = await deps.grid!.locate(point);
      if (located) {
        return { ...point, gridCode: located.gridCode };
      }
    }
    gridless = true;
    return { ...draw(rng), gridCode: null };
  };
}

async function demoCase(deps: CasesDeps, rng: Rng, pointOf: PointPicker, text: LabelledText, duty: Responsible, createdAt: Date, now: Date, running: boolean): Promise<{ row: DemoRow; steps: Step[] }> {
  const channel: Channel = pick(rng, ['hotline', 'hotline', 'hotline', 'hotline', 'web', 'web', 'grid']);
  const urgency: Urgency = rng() < 0.06 ? 'urgent' : 'normal';
  const point = await pointOf(rng);
  const division = point.gridCode && /^4207\d\d/.test(point.gridCode) ? point.gridCode.slice(0, 6) : deps.cityDivisionCode;
  const reporter = channel === 'grid' ? null : { name: personName(rng), phone: mobile(rng) };
  const operator = channel === 'hotline' ? '12345 话务员' : channel === 'grid' ? '网格员' : null;
  const at = (base: Date, minHours: number, maxHours: number) => new Date(base.getTime() + (minHours + rng() * (maxHours - minHours)) * HOUR);
  const step = (action: CaseAction, from: CaseStatus | null, to: CaseStatus, when: Date, extra: Partial<Step> = {}): Step => ({
    action, from, to, at: when, actor: DEMO_ACTOR, actorName: null, orgName: null, comment: null, details: null, ...extra,
  });

  const steps: Step[] = [step('intake', null, 'accepted', createdAt, { actorName: operator ?? reporter?.name ?? null, details: { channel } })];
  const dispatchedAt = at(createdAt, 0.1, 2);
  const deadline = computeDeadline(deps.calendar, dispatchedAt, urgency, duty);
  // How far a running case has got: the newest are still waiting for dispatch.
  const ageHours = (now.getTime() - createdAt.getTime()) / HOUR;
  const reach = running ? Math.min(5, Math.floor(ageHours / 20 + rng() * 2.5)) : 9;
  let status: CaseStatus = 'accepted';
  let satisfaction: Satisfaction | null = null;
  let reopenCount = 0;
  let closedAt: Date | null = null;
  let last = createdAt;
  const org = { orgName: duty.org.name };
  if (reach >= 1) {
    steps.push(step('dispatch', 'accepted', 'dispatched', dispatchedAt, { actorName: '市民服务热线派单员', details: { organisationCode: duty.org.code } }));
    status = 'dispatched';
    last = dispatchedAt;
  }
  const handleOnce = (from: Date): Date => {
    const signed = at(from, 0.5, 6);
    const handling = at(signed, 1, 24);
    const replied = at(handling, 4, urgency === 'urgent' ? 8 : 72);
    steps.push(step('sign', 'dispatched', 'signed', signed, org));
    if (reach >= 3) {
      steps.push(step('handle', 'signed', 'handling', handling, org));
    }
    if (reach >= 4) {
      steps.push(step('reply', 'handling', 'replied', replied, { ...org, comment: pick(rng, REPLIES) }));
    }
    return reach >= 4 ? replied : reach >= 3 ? handling : signed;
  };
  if (reach >= 2) {
    last = handleOnce(dispatchedAt);
    status = reach >= 4 ? 'replied' : reach >= 3 ? 'handling' : 'signed';
  }
  if (reach >= 5) {
    const draw = rng();
    satisfaction = draw < 0.82 ? 'satisfied' : draw < 0.94 ? 'basically_satisfied' : 'unsatisfied';
    const visited = at(last, 2, 30);
    steps.push(step('callback', 'replied', 'visited', visited, { actorName: '回访员', details: { satisfaction } }));
    status = 'visited';
    last = visited;
    if (satisfaction === 'unsatisfied' && !running) {
      reopenCount = 1;
      const reopened = at(visited, 0.5, 4);
      steps.push(step('reopen', 'visited', 'dispatched', reopened, { comment: '群众不满意，重新派单办理' }));
      last = handleOnce(reopened);
      satisfaction = 'basically_satisfied';
      const again = at(last, 2, 30);
      steps.push(step('callback', 'replied', 'visited', again, { actorName: '回访员', details: { satisfaction } }));
      last = again;
    }
  }
  if (reach >= 6) {
    closedAt = at(last, 0.2, 6);
    steps.push(step('close', 'visited', 'closed', closedAt));
    status = 'closed';
  }
  const dispatched = reach >= 1;
  return {
    row: {
      channel,
      type: typeOf(text.text, rng),
      category_code: text.category,
      suggested_category_code: text.category,
      suggestion_confidence: Math.round((0.62 + rng() * 0.37) * 100) / 100,
      description: text.text,
      address: null,
      lon: point.lon,
      lat: point.lat,
      division_code: division,
      grid_code: point.gridCode,
      reporter_name: reporter?.name ?? null,
      reporter_phone_enc: reporter ? deps.cipher.encrypt(reporter.phone, PHONE_AAD) : null,
      reporter_phone_index: reporter ? deps.cipher.blindIndex(reporter.phone) : null,
      reporter_phone_masked: reporter ? maskPhone(reporter.phone) : null,
      urgency,
      status,
      org_id: dispatched ? duty.org.id : null,
      org_code: dispatched ? duty.org.code : null,
      org_name: dispatched ? duty.org.name : null,
      limit_hours: dispatched ? deadline.limitHours : null,
      limit_days: dispatched ? deadline.limitDays : null,
      deadline_at: dispatched ? deadline.deadlineAt : null,
      due_on: dispatched ? deadline.dueOn : null,
      satisfaction,
      reopen_count: reopenCount,
      created_by: DEMO_ACTOR,
      created_at: createdAt,
      updated_at: last,
      closed_at: closedAt,
    },
    steps,
  };
}

type DemoRow = Omit<Insertable<CasesTables['cases_case']>, 'number'> & { created_at: Date };

async function insertRows(
  trx: Executor,
  batch: Array<{ row: DemoRow; steps: Step[] }>,
): Promise<number> {
  const db = tablesOf<CasesTables>(trx);
  const ids = await db
    .insertInto('cases_case')
    .values(
      batch.map(({ row }) => ({
        ...row,
        source_ref: null,
        number: sql<string>`to_char(${row.created_at}::timestamptz at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('cases_case_seq')::text, 6, '0')`,
      })),
    )
    .returning('id')
    .execute();
  const events = batch.flatMap(({ steps }, i) =>
    steps.map((s) => ({
      case_id: ids[i]!.id,
      action: s.action,
      from_status: s.from,
      to_status: s.to,
      actor: s.actor,
      actor_name: s.actorName,
      org_name: s.orgName,
      comment: s.comment,
      details: s.details === null ? null : JSON.stringify(s.details),
      created_at: s.at,
    })),
  );
  for (let i = 0; i < events.length; i += 1000) {
    await db.insertInto('cases_case_event').values(events.slice(i, i + 1000)).execute();
  }
  return ids.length;
}
