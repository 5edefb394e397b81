/**
 * 一件事一次办: a bundle is one combined form that fans out to several items of several
 * departments. Submitting checks every child first (nothing is written when one fails),
 * then writes the bundle application and one ordinary application per item in one
 * transaction; each child then runs its own workflow in its own department, and the bundle's
 * status follows them (bundles.progress.ts).
 */
import type { Principal } from '../../kernel/auth/index.js';
import type { WorkingCalendar } from '../../kernel/calendar/index.js';
import { todayInShanghai } from '../../kernel/calendar/index.js';
import { AppError } from '../../kernel/errors/index.js';
import { identityFields, type Applicant } from './applicants.service.js';
import { createApplicantRepository } from './applicants.repository.js';
import type { ApplicationsDeps } from './applications.deps.js';
import { SubjectNotAccepted, UnknownMaterial } from './applications.errors.js';
import { assertValidForm, formProperties } from './applications.form.js';
import type { MaterialUpload } from './applications.materials.js';
import { createApplicationRepository, type ApplicationRecord } from './applications.repository.js';
import { createSubmission, type PreparedSubmission } from './applications.submit.js';
import { summaryView } from './applications.views.js';
import { createBundleRepository, type BundleApplicationRecord, type BundleRecord } from './bundles.repository.js';
import type { BundleItem } from './bundles.tables.js';
import { BundleApplicationNotFound, BundleNotFound } from './engagement.errors.js';
import { BUNDLE_CHANGED } from './engagement.events.js';
import { ItemNotFound } from './services.errors.js';

export interface BundleSubmitInput {
  /** The bundle's code, e.g. `newborn`. */
  bundle: string;
  /** The combined form. */
  form: Record<string, unknown>;
  /** Uploads by material name; without `item` an upload serves every child item that lists a material of that name. */
  materials: Array<MaterialUpload & { item?: string | undefined }>;
}

/** The form of one child: fixed values, then renamed fields, then fields of the same name in the bundle form. */
export function childForm(entry: Pick<BundleItem, 'fields' | 'values'>, itemSchema: Record<string, unknown>, form: Record<string, unknown>): Record<string, unknown> {
  const child: Record<string, unknown> = {};
  for (const property of formProperties(itemSchema)) {
    if (Object.hasOwn(entry.values, property)) {
      child[property] = entry.values[property];
    } else {
      const source = entry.fields[property] ?? property;
      if (Object.hasOwn(form, source) && form[source] !== undefined) {
        child[property] = form[source];
      }
    }
  }
  return child;
}

/** The bundle as the public portal shows it. */
export function bundleView(b: BundleRecord) {
  return {
    code: b.code,
    name: b.name,
    summary: b.summary,
    applicantKind: b.applicantKind,
    formSchema: b.formSchema,
    items: b.items.map((i) => ({ id: i.itemId, code: i.itemCode, name: i.itemName, organisationName: i.orgName })),
    updatedAt: b.updatedAt.toISOString(),
  };
}

function bundleApplicationView(b: BundleApplicationRecord, children: ApplicationRecord[], calendar: Pick<WorkingCalendar, 'workingDaysBetween'>, today: string) {
  const views = children.map((c) => summaryView(c, calendar, today));
  return {
    id: b.id,
    number: b.number,
    bundle: { code: b.bundleCode, name: b.bundleName },
    form: b.form,
    status: b.status,
    childrenTotal: b.childrenTotal,
    childrenFinished: b.childrenFinished,
    finishedOn: b.finishedOn,
    version: b.version,
    submittedAt: b.submittedAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    children: views,
  };
}

export function createBundlesService(deps: ApplicationsDeps) {
  const { db } = deps;
  const repo = createBundleRepository(db);
  const submission = createSubmission(deps);
  const today = () => todayInShanghai(deps.now());

  async function published(code: string): Promise<BundleRecord> {
    const bundle = await repo.get(code);
    if (!bundle || bundle.status !== 'published') {
      throw BundleNotFound();
    }
    return bundle;
  }

  async function childrenOf(id: string): Promise<ApplicationRecord[]> {
    const rows = await createApplicationRepository(db).listForBundle(id);
    return rows;
  }

  /** Checks every child; an error names the child item in `details.item`. */
  async function prepareChildren(applicant: Applicant, bundle: BundleRecord, form: Record<string, unknown>, uploads: BundleSubmitInput['materials']): Promise<PreparedSubmission[]> {
    const used = new Set<number>();
    const prepared: PreparedSubmission[] = [];
    for (const entry of bundle.items) {
      const item = await deps.getItem(entry.itemId);
      if (!item || item.status !== 'published') {
        throw ItemNotFound({ item: entry.itemName });
      }
      const names = new Set(item.materials.map((m) => m.name));
      const materials: MaterialUpload[] = [];
      uploads.forEach((u, index) => {
        if ((u.item === undefined || u.item === entry.itemCode) && names.has(u.name)) {
          used.add(index);
          materials.push({ name: u.name, fileId: u.fileId });
        }
      });
      try {
        prepared.push(await submission.prepare(applicant, { item: entry.itemId, form: childForm(entry, item.formSchema, form), materials }, { waive: entry.waivedMaterials ?? [] }));
      } catch (error) {
        if (error instanceof AppError) {
          const details = error.details && typeof error.details === 'object' ? error.details : {};
          throw new AppError(error.code, error.statusCode, error.message, { ...details, item: { code: entry.itemCode, name: entry.itemName } });
        }
        throw error;
      }
    }
    const unused = uploads.filter((_, index) => !used.has(index));
    if (unused.length > 0) {
      throw UnknownMaterial({ materials: unused.map((u) => ({ name: u.name, item: u.item ?? null })) });
    }
    return prepared;
  }

  return {
    /** The published bundles (public). */
    list: async () => (await repo.list()).map(bundleView),

    /** One published bundle with its combined form (public). */
    get: async (code: string) => bundleView(await published(code)),

    /** The combined form pre-filled from the registries, and what each child item still needs. */
    async prepare(principal: Principal, code: string) {
      const applicant = await deps.applicants.of(principal);
      const bundle = await published(code);
      const properties = formProperties(bundle.formSchema);
      const prefill = Object.fromEntries(Object.entries(await deps.applicants.prefill(applicant)).filter(([key]) => properties.includes(key)));
      const held = (await deps.licenses.listForHolder(applicant.code)).filter((l) => l.state === 'valid');
      const items = [];
      for (const entry of bundle.items) {
        const item = await deps.getItem(entry.itemId);
        if (!item) {
          continue;
        }
        const procedure = await deps.procedures.current(item.id);
        const waived = [...procedure.waivedMaterials, ...(entry.waivedMaterials ?? [])];
        items.push({
          code: item.code,
          name: item.name,
          organisationName: item.organisation.name,
          promisedLimitDays: item.promisedLimitDays,
          instantApproval: procedure.instantRules !== null,
          materials: item.materials.map((m) => {
            const waiver = waived.find((w) => w.name === m.name);
            const license = !waiver && m.licenseTypeCode ? held.find((l) => l.type.code === m.licenseTypeCode) : undefined;
            return {
              name: m.name,
              requirement: m.requirement,
              condition: m.condition,
              provided: waiver ? ('waived' as const) : license ? ('license' as const) : null,
              waivedReason: waiver?.reason ?? null,
              license: license ? { identifier: license.identifier, name: license.name } : null,
            };
          }),
        });
      }
      return { bundle: bundleView(bundle), form: prefill, items };
    },

    /**
     * Submits a bundle application: the combined form is validated, each child item's form is
     * filled from it and validated, its materials planned (uploads shared by name, the
     * bundle's waivers, e-licenses) and its 秒批 rules evaluated; only then is anything
     * written, in one transaction. Instantly approved children are completed afterwards.
     */
    async submit(principal: Principal, input: BundleSubmitInput) {
      const applicant = await deps.applicants.of(principal);
      const bundle = await published(input.bundle);
      if (bundle.applicantKind !== applicant.kind) {
        throw SubjectNotAccepted({ applicant: applicant.kind, bundle: bundle.applicantKind });
      }
      const properties = new Set(formProperties(bundle.formSchema));
      const form = { ...input.form, ...Object.fromEntries(Object.entries(identityFields(applicant)).filter(([key]) => properties.has(key))) };
      assertValidForm(`bundle:${bundle.id}:${bundle.updatedAt.getTime()}`, bundle.formSchema, form);
      const prepared = await prepareChildren(applicant, bundle, form, input.materials);
      const actor = `user:${principal.id}`;
      const day = today();

      const { created, children } = await db.transaction().execute(async (trx) => {
        const sequence = await createApplicationRepository(trx).nextSequence();
        const number = `${prepared[0]!.item.organisation.divisionCode.slice(0, 4)}00-${day.replaceAll('-', '')}-Y${String(sequence).padStart(6, '0')}`;
        const created = await createBundleRepository(trx).insertApplication({ number, bundle, applicantId: applicant.id, form });
        const children = await submission.writeMany(
          trx,
          prepared.map((p) => ({ prepared: p, actor, bundleApplicationId: created.id })),
        );
        await createApplicantRepository(trx).insertMessage(applicant.id, {
          applicationId: null,
          kind: 'bundle_submit',
          title: `「${bundle.name}」已提交`,
          body: `一件事编号 ${number}：${children.map((c) => `${c.itemName}（${c.organisation.name}，办件 ${c.number}）`).join('；')}，各部门并联办理。`,
        });
        await deps.bus.publish(trx, {
          type: BUNDLE_CHANGED,
          payload: { bundleApplicationId: created.id, number, bundleCode: bundle.code, applicantId: applicant.id, action: 'submit', status: 'processing', childrenTotal: children.length, childrenFinished: 0 },
        });
        await deps.audit.append(trx, {
          actor,
          action: 'services.bundle.submit',
          target: `services.bundle_application:${created.id}`,
          details: { number, bundle: bundle.code, children: children.map((c) => ({ id: c.id, number: c.number, item: c.itemCode, instant: c.instant })) },
        });
        return { created, children };
      });
      for (const [index, child] of children.entries()) {
        await submission.finish(prepared[index]!, child);
      }
      return this.mine(principal, created.id);
    },

    /** The applicant's bundle applications, newest first. */
    async myList(principal: Principal, page: { page: number; pageSize: number }) {
      const applicant = await deps.applicants.of(principal);
      const { items, total } = await repo.listForApplicant(applicant.id, { offset: (page.page - 1) * page.pageSize, limit: page.pageSize });
      const day = today();
      const views = [];
      for (const b of items) {
        views.push(bundleApplicationView(b, await childrenOf(b.id), deps.calendar, day));
      }
      return { items: views, total, page: page.page, pageSize: page.pageSize };
    },

    /** One bundle application of the applicant, with its children (404 for anyone else's). */
    async mine(principal: Principal, id: string) {
      const applicant = await deps.applicants.of(principal);
      const bundle = await repo.getApplication(id);
      if (!bundle || bundle.applicantId !== applicant.id) {
        throw BundleApplicationNotFound();
      }
      return bundleApplicationView(bundle, await childrenOf(id), deps.calendar, today());
    },

    /** A bundle application as recorded, with its children (for ratings). */
    async record(id: string): Promise<{ bundle: BundleApplicationRecord; children: ApplicationRecord[] } | undefined> {
      const bundle = await repo.getApplication(id);
      return bundle ? { bundle, children: await childrenOf(id) } : undefined;
    },
  };
}

export type BundlesService = ReturnType<typeof createBundlesService>;
