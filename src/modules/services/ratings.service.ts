/**
 * 好差评 (国办发〔2019〕51号): after an application or a bundle application is finished (办结
 * or refused), its applicant rates it once, 非常满意 (5) … 非常不满意 (1). A 差评 (1–2)
 * opens a rectification (整改) for each department that handled it, due in a configured
 * number of working days; the department answers with its finding and reply (整改反馈), and
 * the applicant is told. Figures per department and item are public.
 */
import type { Principal } from '../../kernel/auth/index.js';
import type { AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import { todayInShanghai, type WorkingCalendar } from '../../kernel/calendar/index.js';
import type { Db } from '../../kernel/db/index.js';
import type { ApplicantsService } from './applicants.service.js';
import { createApplicantRepository } from './applicants.repository.js';
import { ApplicationNotFound } from './applications.errors.js';
import { createApplicationRepository, type ApplicationRecord } from './applications.repository.js';
import { createBundleRepository } from './bundles.repository.js';
import { AlreadyRated, BundleApplicationNotFound, NotFinished, RectificationAnswered, RectificationNotFound } from './engagement.errors.js';
import { RATING_CREATED, RECTIFICATION_ANSWERED } from './engagement.events.js';
import { createRatingRepository, type RatingRecord, type RectificationRecord } from './ratings.repository.js';
import type { RectificationFinding } from './ratings.tables.js';
import { actorOf } from './services.permissions.js';
import { VersionConflict } from './services.errors.js';

/** The five levels, 5 to 1. */
export const RATING_LEVELS = ['非常不满意', '不满意', '基本满意', '满意', '非常满意'] as const;
export const levelOf = (score: number) => RATING_LEVELS[score - 1]!;
const FINISHED = new Set(['completed', 'rejected']);

export interface RatingsDeps {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  bus: Pick<Bus, 'publish'>;
  calendar: Pick<WorkingCalendar, 'addWorkingDays'>;
  applicants: Pick<ApplicantsService, 'of'>;
  now: () => Date;
  /** Working days a department has to answer a 差评 (default 5). */
  rectifyDays: number;
}

export interface RateInput {
  score: number;
  comment?: string | undefined;
}

const rectificationView = (x: RectificationRecord) => ({
  id: x.id,
  organisation: x.organisation,
  status: x.status,
  dueOn: x.dueOn,
  finding: x.finding,
  reply: x.reply,
  answeredAt: x.answeredAt?.toISOString() ?? null,
  version: x.version,
  createdAt: x.createdAt.toISOString(),
  rating: { score: x.rating.score, level: levelOf(x.rating.score), comment: x.rating.comment, itemName: x.rating.itemName, applicationId: x.rating.applicationId, bundleApplicationId: x.rating.bundleApplicationId, createdAt: x.rating.createdAt.toISOString() },
});

function ratingView(r: RatingRecord, rectifications: RectificationRecord[]) {
  return {
    id: r.id,
    applicationId: r.applicationId,
    bundleApplicationId: r.bundleApplicationId,
    itemName: r.itemName,
    score: r.score,
    level: levelOf(r.score),
    comment: r.comment,
    createdAt: r.createdAt.toISOString(),
    rectifications: rectifications.map((x) => ({ id: x.id, organisation: x.organisation, status: x.status, dueOn: x.dueOn, finding: x.finding, reply: x.reply, answeredAt: x.answeredAt?.toISOString() ?? null })),
  };
}

export function createRatingsService(deps: RatingsDeps) {
  const { db } = deps;
  const repo = createRatingRepository(db);

  /** What is rated: one application, or a bundle application with its children. */
  async function target(principal: Principal, kind: 'application' | 'bundle', id: string) {
    const applicant = await deps.applicants.of(principal);
    if (kind === 'application') {
      const app = await createApplicationRepository(db).get(id);
      if (!app || app.applicant.id !== applicant.id) {
        throw ApplicationNotFound();
      }
      return { applicantId: applicant.id, status: app.status, name: app.itemName, itemId: app.itemId as string | null, number: app.number, parts: [app] };
    }
    const bundle = await createBundleRepository(db).getApplication(id);
    if (!bundle || bundle.applicantId !== applicant.id) {
      throw BundleApplicationNotFound();
    }
    const children: ApplicationRecord[] = await createApplicationRepository(db).listForBundle(id);
    return { applicantId: applicant.id, status: bundle.status, name: bundle.bundleName, itemId: null, number: bundle.number, parts: children };
  }

  return {
    /**
     * Rates a finished application (`kind` application) or bundle application once.
     * @throws SERVICES_APPLICATION_NOT_FOUND / SERVICES_BUNDLE_APPLICATION_NOT_FOUND (not the caller's),
     *   SERVICES_NOT_FINISHED, SERVICES_ALREADY_RATED.
     */
    async rate(principal: Principal, kind: 'application' | 'bundle', id: string, input: RateInput) {
      const t = await target(principal, kind, id);
      if (!FINISHED.has(t.status)) {
        throw NotFinished({ status: t.status });
      }
      const comment = input.comment?.trim() || null;
      const bad = input.score <= 2;
      const today = todayInShanghai(deps.now());
      const dueOn = deps.calendar.addWorkingDays(today, deps.rectifyDays).date;
      const actor = actorOf(principal);
      const rating = await db.transaction().execute(async (trx) => {
        const tx = createRatingRepository(trx);
        const rating = await tx.insert({
          applicationId: kind === 'application' ? id : null,
          bundleApplicationId: kind === 'bundle' ? id : null,
          applicantId: t.applicantId,
          itemId: t.itemId,
          itemName: t.name,
          score: input.score,
          comment,
        });
        if (!rating) {
          throw AlreadyRated();
        }
        await tx.insertOrgs(
          rating.id,
          t.parts.map((p) => ({ orgId: p.organisation.id, orgName: p.organisation.name, itemId: p.itemId, itemName: p.itemName })),
        );
        const rectificationIds: string[] = [];
        if (bad) {
          const orgs = new Map(t.parts.map((p) => [p.organisation.id, p.organisation.name]));
          for (const [orgId, orgName] of orgs) {
            rectificationIds.push(await tx.insertRectification({ ratingId: rating.id, orgId, orgName, dueOn }));
          }
        }
        await createApplicantRepository(trx).insertMessage(t.applicantId, {
          applicationId: kind === 'application' ? id : null,
          kind: 'rating',
          title: `感谢您对「${t.name}」的评价`,
          body: bad
            ? `您的评价（${levelOf(input.score)}）已转 ${[...new Set(t.parts.map((p) => p.organisation.name))].join('、')} 核实整改，将于 ${dueOn} 前答复您。`
            : `您的评价（${levelOf(input.score)}）已记录，感谢您的支持。`,
        });
        await deps.bus.publish(trx, { type: RATING_CREATED, payload: { ratingId: rating.id, applicationId: rating.applicationId, bundleApplicationId: rating.bundleApplicationId, score: rating.score, rectificationIds } });
        await deps.audit.append(trx, {
          actor,
          action: 'services.rating.create',
          target: `services.rating:${rating.id}`,
          details: { number: t.number, kind, score: rating.score, rectifications: rectificationIds.length },
        });
        return rating;
      });
      return ratingView(rating, await repo.rectificationsOfRating(rating.id));
    },

    /** The caller's rating of an application or bundle application; null when not rated yet. */
    async mine(principal: Principal, kind: 'application' | 'bundle', id: string) {
      await target(principal, kind, id);
      const rating = await repo.ratingOf(kind === 'application' ? { applicationId: id } : { bundleApplicationId: id });
      return rating ? ratingView(rating, await repo.rectificationsOfRating(rating.id)) : null;
    },

    /** Rectifications of the officer's department (an administrator: all), open first, earliest due first. */
    async rectifications(principal: Principal, query: { status?: 'open' | 'answered' | undefined; page: number; pageSize: number }) {
      const admin = principal.permissions.has('*');
      if (!admin && principal.organisationId === null) {
        return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      }
      const result = await repo.listRectifications({ orgId: admin ? null : principal.organisationId, status: query.status }, { offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
      return { items: result.items.map(rectificationView), total: result.total, page: query.page, pageSize: query.pageSize };
    },

    /**
     * 整改反馈: the department's finding and reply; the applicant is told.
     * @throws SERVICES_RECTIFICATION_NOT_FOUND (also another department's), SERVICES_RECTIFICATION_ANSWERED, SERVICES_VERSION_CONFLICT.
     */
    async answer(principal: Principal, id: string, input: { version: number; finding: RectificationFinding; reply: string }) {
      const current = await repo.getRectification(id);
      const admin = principal.permissions.has('*');
      if (!current || (!admin && current.organisation.id !== principal.organisationId)) {
        throw RectificationNotFound();
      }
      if (current.status === 'answered') {
        throw RectificationAnswered();
      }
      if (current.version !== input.version) {
        throw VersionConflict({ currentVersion: current.version });
      }
      const actor = actorOf(principal);
      const today = todayInShanghai(deps.now());
      await db.transaction().execute(async (trx) => {
        if (!(await createRatingRepository(trx).answer(id, input.version, { finding: input.finding, reply: input.reply.trim(), actor }))) {
          throw VersionConflict({ currentVersion: null });
        }
        await createApplicantRepository(trx).insertMessage(current.rating.applicantId, {
          applicationId: current.rating.applicationId,
          kind: 'rectification',
          title: `「${current.rating.itemName}」评价整改反馈`,
          body: `${current.organisation.name}经核实（${input.finding}）答复：${input.reply.trim()}`,
        });
        await deps.bus.publish(trx, { type: RECTIFICATION_ANSWERED, payload: { rectificationId: id, ratingId: current.ratingId, organisationId: current.organisation.id, finding: input.finding, onTime: today <= current.dueOn } });
        await deps.audit.append(trx, { actor, action: 'services.rectification.answer', target: `services.rectification:${id}`, details: { finding: input.finding, dueOn: current.dueOn, onTime: today <= current.dueOn } });
      });
      return rectificationView((await repo.getRectification(id))!);
    },

    /**
     * Public figures per department or item: ratings per level, 好评率 (基本满意 or better
     * among all ratings), 差评 count, average score, and the on-time rate of finished applications.
     */
    async stats(by: 'department' | 'item') {
      const { ratings, timeliness } = await repo.stats(by);
      const groups = new Map<string, { id: string; name: string; counts: number[]; finished: number; onTime: number }>();
      const group = (id: string, name: string) => {
        let g = groups.get(id);
        if (!g) {
          g = { id, name, counts: [0, 0, 0, 0, 0], finished: 0, onTime: 0 };
          groups.set(id, g);
        }
        return g;
      };
      for (const r of ratings) {
        group(r.id, r.name).counts[r.score - 1]! += r.n;
      }
      for (const t of timeliness) {
        const g = group(t.id, t.name);
        g.finished = t.finished;
        g.onTime = t.on_time;
      }
      const round = (x: number) => Math.round(x * 10_000) / 10_000;
      return [...groups.values()]
        .map((g) => {
          const total = g.counts.reduce((a, b) => a + b, 0);
          const good = g.counts[2]! + g.counts[3]! + g.counts[4]!;
          return {
            id: g.id,
            name: g.name,
            ratings: total,
            levels: Object.fromEntries(RATING_LEVELS.map((level, i) => [level, g.counts[i]!])),
            goodRate: total === 0 ? null : round(good / total),
            bad: g.counts[0]! + g.counts[1]!,
            averageScore: total === 0 ? null : round(g.counts.reduce((sum, n, i) => sum + n * (i + 1), 0) / total),
            finished: g.finished,
            onTimeRate: g.finished === 0 ? null : round(g.onTime / g.finished),
          };
        })
        .sort((a, b) => b.ratings - a.ratings || a.name.localeCompare(b.name, 'zh'));
    },
  };
}

export type RatingsService = ReturnType<typeof createRatingsService>;
