import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import { todayInShanghai } from '../../kernel/calendar/index.js';
import type { LicenseDetail } from '../licenses/index.js';
import { createApplicantRepository } from './applicants.repository.js';
import type { ApplicationsDeps } from './applications.deps.js';
import { ApplicationNotFound, FileNotFound, FileTooLarge, MessageNotFound } from './applications.errors.js';
import type { ApplicationStatus, DeadlineState } from './applications.model.js';
import { createApplicationPartsRepository, type MaterialRecord } from './application-parts.repository.js';
import { createApplicationRepository, type ApplicationRecord } from './applications.repository.js';
import { createSubmission } from './applications.submit.js';
import { applicantDetailView, officerDetailView, summaryView } from './applications.views.js';
import { checkDeadlines } from './deadlines.js';
import { inspectUpload, readVerified } from './material-store.js';
import { ItemNotFound } from './services.errors.js';
import { createWorkflow } from './workflow.service.js';

export interface Paging {
  page: number;
  pageSize: number;
}

export interface InboxQuery extends Paging {
  /** `todo`: what the caller can act on now (default); `all`: everything of the caller's organisation. */
  scope: 'todo' | 'all';
  status?: ApplicationStatus[] | undefined;
  deadlineState?: DeadlineState[] | undefined;
  itemId?: string | undefined;
  q?: string | undefined;
}

const window = (p: Paging) => ({ offset: (p.page - 1) * p.pageSize, limit: p.pageSize });

/**
 * 一网通办 applications: the applicant's side (submit, track, resubmit, files, messages,
 * licenses), the officers' side (inbox, detail, the workflow actions) and the deadline job.
 */
export function createApplicationsService(deps: ApplicationsDeps) {
  const { db, calendar, applicants } = deps;
  const repo = createApplicationRepository(db);
  const parts = createApplicationPartsRepository(db);
  const people = createApplicantRepository(db);
  const submission = createSubmission(deps);
  const workflow = createWorkflow(deps);
  const today = () => todayInShanghai(deps.now());

  async function ownApplication(principal: Principal, id: string): Promise<ApplicationRecord> {
    const applicant = await applicants.of(principal);
    const app = await repo.get(id);
    if (!app || app.applicant.id !== applicant.id) {
      throw ApplicationNotFound();
    }
    return app;
  }

  async function fileOf(app: ApplicationRecord, materialId: string): Promise<{ data: Buffer; contentType: string; name: string }> {
    const material: MaterialRecord | undefined = (await parts.listMaterials(app.id)).find((m) => m.id === materialId);
    if (!material?.file) {
      throw FileNotFound();
    }
    const data = await readVerified(deps.store, material.file.storageKey, material.file.sm3);
    return { data, contentType: material.file.contentType, name: material.file.name };
  }

  return {
    register: applicants.register,

    async profile(principal: Principal) {
      const applicant = await applicants.of(principal);
      const { code, ...rest } = applicant;
      return { ...rest, code, prefill: await applicants.prefill(applicant) };
    },

    /**
     * What applying for an item would take: the form pre-filled from the registries and, per
     * material, whether the applicant's e-license replaces it, the procedure waives it, or it
     * must be uploaded.
     */
    async prepare(principal: Principal, itemCode: string) {
      const applicant = await applicants.of(principal);
      const item = await deps.getItem(itemCode);
      if (!item || item.status !== 'published') {
        throw ItemNotFound();
      }
      const procedure = await deps.procedures.current(item.id);
      const properties = Object.keys((item.formSchema as { properties?: object }).properties ?? {});
      const prefill = Object.fromEntries(Object.entries(await applicants.prefill(applicant)).filter(([key]) => properties.includes(key)));
      const held = (await deps.licenses.listForHolder(applicant.code)).filter((l) => l.state === 'valid');
      return {
        item: { id: item.id, code: item.code, name: item.name, version: item.version, promisedLimitDays: item.promisedLimitDays, formSchema: item.formSchema },
        form: prefill,
        instantApproval: procedure.instantRules !== null,
        resultLicenseTypeCode: procedure.resultLicenseTypeCode,
        materials: item.materials.map((m) => {
          const waived = procedure.waivedMaterials.find((w) => w.name === m.name);
          const license = !waived && m.licenseTypeCode ? held.find((l) => l.type.code === m.licenseTypeCode) : undefined;
          return {
            name: m.name,
            requirement: m.requirement,
            condition: m.condition,
            licenseTypeCode: m.licenseTypeCode,
            provided: waived ? ('waived' as const) : license ? ('license' as const) : null,
            waivedReason: waived?.reason ?? null,
            license: license ? { id: license.id, identifier: license.identifier, name: license.name, number: license.number } : null,
          };
        }),
      };
    },

    /** Stores an upload of the applicant (type sniffed, SM3 hashed); it is attached by submitting. */
    async uploadFile(principal: Principal, file: { filename: string; data: Buffer }) {
      const applicant = await applicants.of(principal);
      if (file.data.length > deps.maxFileBytes) {
        throw FileTooLarge({ maxBytes: deps.maxFileBytes });
      }
      const { sm3, contentType } = inspectUpload(file.data);
      const storageKey = await deps.store.put(sm3, file.data);
      const name = (file.filename.split(/[\\/]/).at(-1) ?? '').slice(0, 200) || 'file';
      const row = await people.insertFile({ applicantId: applicant.id, sm3, size: file.data.length, contentType, originalName: name, storageKey });
      return { id: row.id, name: row.originalName, size: row.size, contentType: row.contentType, sm3: row.sm3, createdAt: row.createdAt.toISOString() };
    },

    submit: submission.submit,
    resubmit: submission.resubmit,

    async myApplications(principal: Principal, query: Paging & { status?: ApplicationStatus[] | undefined }) {
      const applicant = await applicants.of(principal);
      const { items, total } = await repo.listForApplicant(applicant.id, query, window(query));
      const day = today();
      return { items: items.map((a) => summaryView(a, calendar, day)), total };
    },

    async myApplication(principal: Principal, id: string) {
      const app = await ownApplication(principal, id);
      const [materials, log] = await Promise.all([parts.listMaterials(id), parts.listLog(id)]);
      return applicantDetailView(app, { materials, log }, calendar, today());
    },

    myFile: async (principal: Principal, id: string, materialId: string) => fileOf(await ownApplication(principal, id), materialId),

    async messages(principal: Principal, query: Paging & { unread?: boolean | undefined }) {
      const applicant = await applicants.of(principal);
      const result = await people.listMessages(applicant.id, query, window(query));
      return { ...result, items: result.items.map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), readAt: m.readAt?.toISOString() ?? null })) };
    },

    async readMessage(principal: Principal, id: string): Promise<void> {
      const applicant = await applicants.of(principal);
      if (!(await people.markRead(applicant.id, id))) {
        throw MessageNotFound();
      }
    },

    /** The applicant's e-licenses (电子证照), through the licenses module, with the labels of their surface fields. */
    async myLicenses(principal: Principal): Promise<Array<LicenseDetail & { labels: Record<string, string> }>> {
      const applicant = await applicants.of(principal);
      const licenses = await deps.licenses.listForHolder(applicant.code);
      const labels = new Map<string, Record<string, string>>();
      for (const code of new Set(licenses.map((l) => l.type.code))) {
        const type = await deps.licenses.getType(code);
        labels.set(code, Object.fromEntries((type?.fields ?? []).map((f) => [f.name, f.label])));
      }
      return licenses.map((l) => ({ ...l, labels: labels.get(l.type.code) ?? {} }));
    },

    /** The signed document of one of the applicant's own e-licenses (to present elsewhere). */
    async myLicenseDocument(principal: Principal, id: string, origin: string) {
      const applicant = await applicants.of(principal);
      return deps.licenses.documentForHolder(applicant.code, id, origin, `user:${principal.id}`);
    },

    /** The officer's inbox: by organisation, by the caller's roles on the current step (`todo`), most urgent first. */
    async inbox(principal: Principal, query: InboxQuery) {
      const roles = principal.kind === 'user' ? [...principal.roles] : [];
      const admin = principal.permissions.has('*');
      if (!admin && principal.organisationId === null) {
        return { items: [], total: 0 };
      }
      const { items, total } = await repo.inbox(
        {
          organisationId: admin ? null : principal.organisationId,
          regionPrefix: regionPrefix(principal),
          todoRoles: query.scope === 'todo' ? roles : null,
          status: query.status,
          deadlineState: query.deadlineState,
          itemId: query.itemId,
          q: query.q,
        },
        window(query),
      );
      const day = today();
      return { items: items.map((a) => summaryView(a, calendar, day)), total };
    },

    /** An application for an officer: materials and the applicant's licenses side by side, reviews, log, allowed actions. */
    async detail(principal: Principal, id: string) {
      const app = await workflow.visible(principal, id);
      const applicant = await applicants.get(app.applicant.id);
      const [materials, log, reviews, licenses] = await Promise.all([parts.listMaterials(id), parts.listLog(id), parts.listReviews(id), applicant ? deps.licenses.listForHolder(applicant.code) : []]);
      const actors = [...new Set([...log.map((l) => l.actor), ...reviews.map((r) => r.actor)].filter((a): a is string => a !== null && a.startsWith('user:')))];
      const actorNames = actors.length > 0 ? await deps.org.actorNames(actors) : new Map<string, string>();
      return officerDetailView(app, { materials, log, reviews, licenses, actorNames, actions: workflow.allowedActions(principal, app, reviews) }, calendar, today());
    },

    officerFile: async (principal: Principal, id: string, materialId: string) => fileOf(await workflow.visible(principal, id), materialId),

    accept: workflow.accept,
    review: workflow.review,
    sendBack: workflow.sendBack,
    reject: workflow.reject,
    approve: workflow.approve,
    complete: workflow.complete,

    /** The recurring deadline check; see deadlines.ts. */
    checkDeadlines: () => checkDeadlines(deps),

    /** An application as recorded (for other modules: bundles, ratings). */
    getApplication: (id: string): Promise<ApplicationRecord | undefined> => repo.get(id),
  };
}

export type ApplicationsService = ReturnType<typeof createApplicationsService>;
