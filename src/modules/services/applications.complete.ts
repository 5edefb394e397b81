/**
 * 办结: completing an approved application, issuing its result license when the procedure
 * names one, in one transaction: the application is locked at its version first (two
 * officers cannot both issue), the license is issued in the same transaction, and either
 * both commit or neither. When issuing fails, the application stays `approved` and the
 * failure is logged in a transaction of its own.
 */
import { todayInShanghai } from '../../kernel/calendar/index.js';
import type { Db, Executor } from '../../kernel/db/index.js';
import { AppError } from '../../kernel/errors/index.js';
import type { LicenseDetail } from '../licenses/index.js';
import type { Applicant, RegistryFacts } from './applicants.service.js';
import { LicenseIssueFailed } from './applications.errors.js';
import type { ResultValue } from './applications.model.js';
import type { LicenseDirectory } from './applications.ports.js';
import type { ApplicationRecord } from './applications.repository.js';
import { applyTransition, lockAt, onTime, type TransitionDeps } from './applications.transition.js';
import { readPath } from './instant-rules.js';

export interface CompleteDeps extends TransitionDeps {
  db: Db;
  licenses: Pick<LicenseDirectory, 'issue'>;
  now: () => Date;
}

/** The result license's data from the procedure's mapping; arrays are joined with 、, missing values left out. */
export function resultData(mapping: Record<string, ResultValue>, context: { form: Record<string, unknown>; registry: RegistryFacts; applicant: Applicant; today: string }): Record<string, unknown> {
  const root = {
    form: context.form,
    registry: context.registry,
    applicant: { name: context.applicant.name, representativeName: context.applicant.representativeName },
  };
  const data: Record<string, unknown> = {};
  for (const [field, source] of Object.entries(mapping)) {
    const value = 'value' in source ? source.value : source.path === 'today' ? context.today : readPath(root, source.path);
    if (Array.isArray(value)) {
      data[field] = value.join('、');
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      data[field] = value;
    }
  }
  return data;
}

/**
 * Completes `app` (status `approved`) as `actor`; with a result license, issues it to the
 * applicant first. Returns the completed application.
 * @throws SERVICES_APPLICATION_VERSION_CONFLICT, SERVICES_LICENSE_ISSUE_FAILED (the application stays `approved`).
 */
export async function completeApplication(
  deps: CompleteDeps,
  app: ApplicationRecord,
  who: { actor: string; organisationName: string | null; comment: string | null },
  holder: { applicant: Applicant; facts: () => Promise<RegistryFacts> },
): Promise<ApplicationRecord> {
  const today = todayInShanghai(deps.now());
  const finished = { finished_on: today, on_time: onTime(app, today), current_roles: [] as string[] };
  const complete = (trx: Executor, license: LicenseDetail | null) =>
    applyTransition(deps, trx, app, {
      action: 'complete',
      step: 'complete',
      ...who,
      details: license ? { license: { id: license.id, identifier: license.identifier, name: license.name } } : undefined,
      patch: { status: 'completed', ...finished, ...(license ? { license_id: license.id, license_identifier: license.identifier } : {}) },
      message: {
        title: `「${app.itemName}」已办结`,
        body: license ? `办件 ${app.number} 已办结，电子证照「${license.name}」已签发（证照编号 ${license.number}），可在“我的证照”中查看和下载。` : `办件 ${app.number} 已办结。`,
      },
    });

  const typeCode = app.procedure.resultLicenseTypeCode;
  if (typeCode === null) {
    return deps.db.transaction().execute((trx) => complete(trx, null));
  }
  try {
    const data = resultData(app.procedure.resultData, { form: app.form, registry: await holder.facts(), applicant: holder.applicant, today });
    return await deps.db.transaction().execute(async (trx) => {
      await lockAt(trx, app);
      const license = await deps.licenses.issue({ typeCode, holder: { name: holder.applicant.name, code: holder.applicant.code }, data, relatedItem: { code: app.itemCode, name: app.itemName } }, who.actor, trx);
      return complete(trx, license);
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'SERVICES_APPLICATION_VERSION_CONFLICT') {
      throw error;
    }
    const cause = { code: error.code, details: error.details };
    await deps.db.transaction().execute((trx) =>
      applyTransition(deps, trx, app, { action: 'issue_failed', step: 'complete', ...who, details: { typeCode, cause }, patch: {}, message: null }),
    );
    throw LicenseIssueFailed({ typeCode, cause });
  }
}
