/**
 * Applications for conditional-open datasets (有条件开放): anyone applies and keeps a claim
 * token; the owner department approves or rejects; the applicant then claims, once, an API
 * key that reads only that dataset. The key is created at the claim, so its secret is never
 * stored, not even for a moment.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import { sm3Hex } from '../../kernel/crypto/index.js';
import { createApplicationRepository, type Application } from './application.repository.js';
import { createDatasetRepository } from './dataset.repository.js';
import { ownScope, type OpendataDeps } from './opendata.deps.js';
import { ApplicationDecided, ApplicationNotFound, ClaimRefused, DatasetNotFound, NotConditional, NotOwner } from './opendata.errors.js';
import { actorOf, canManage, OpendataPermissions } from './opendata.permissions.js';
import type { ApplicationStatus } from './opendata.tables.js';

/** Keys issued on claim expire after a year; the applicant applies again after that. */
const KEY_VALIDITY_MS = 365 * 86_400_000;

export interface ApplyInput {
  applicantName: string;
  applicantOrganisation?: string | undefined;
  contact: string;
  purpose: string;
}

function sameHash(expected: string, token: string): boolean {
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(sm3Hex(token), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createApplicationsService(deps: OpendataDeps) {
  const { db, audit, apiKeys, clock } = deps;
  const applications = createApplicationRepository(db);
  const datasets = createDatasetRepository(db);

  async function decidable(principal: Principal, id: string): Promise<Application> {
    const application = await applications.get(id);
    const dataset = application ? await datasets.get(application.datasetId) : undefined;
    if (!application || !dataset || !dataset.owner.divisionCode.startsWith(regionPrefix(principal))) {
      throw ApplicationNotFound();
    }
    if (!canManage(principal, dataset.owner)) {
      throw NotOwner({ owner: dataset.owner.code });
    }
    if (application.status !== 'pending') {
      throw ApplicationDecided({ status: application.status });
    }
    return application;
  }

  return {
    /** Files an application; the returned token is shown once and is needed to claim the key. */
    async apply(datasetKey: string, input: ApplyInput): Promise<{ id: string; token: string }> {
      const dataset = await datasets.getByNameOrId(datasetKey);
      if (!dataset || dataset.status !== 'published') {
        throw DatasetNotFound();
      }
      if (dataset.access !== 'conditional') {
        throw NotConditional();
      }
      const token = `odc_${randomBytes(32).toString('base64url')}`;
      const id = await db.transaction().execute(async (trx) => {
        const created = await createApplicationRepository(trx).insert({
          datasetId: dataset.id,
          applicantName: input.applicantName.trim(),
          applicantOrganisation: input.applicantOrganisation?.trim() ?? '',
          contact: input.contact.trim(),
          purpose: input.purpose.trim(),
          claimHash: sm3Hex(token),
          createdAt: clock(),
        });
        await audit.append(trx, {
          actor: null,
          action: 'opendata.application.create',
          target: `opendata.application:${created}`,
          details: { dataset: dataset.name, applicantOrganisation: input.applicantOrganisation?.trim() ?? '' },
        });
        return created;
      });
      return { id, token };
    },

    async decide(principal: Principal, id: string, input: { approve: boolean; note?: string | undefined }): Promise<Application> {
      const application = await decidable(principal, id);
      const status = input.approve ? 'approved' : 'rejected';
      await db.transaction().execute(async (trx) => {
        if (!(await createApplicationRepository(trx).decide(id, { status, by: actorOf(principal), at: clock(), note: input.note?.trim() || null }))) {
          throw ApplicationDecided();
        }
        await audit.append(trx, { actor: actorOf(principal), action: `opendata.application.${input.approve ? 'approve' : 'reject'}`, target: `opendata.application:${id}`, details: { dataset: application.datasetId } });
      });
      return (await applications.get(id))!;
    },

    /**
     * With the application's token: its status, and once approved the API key, issued in the
     * approver's name for the owner department, scoped to conditional-open reading and
     * granted only this dataset. A second claim is refused (409).
     */
    async claim(id: string, token: string): Promise<{ status: ApplicationStatus; decisionNote: string | null; apiKey: string | null; expiresAt: Date | null }> {
      const application = await applications.get(id);
      if (!application || !sameHash(application.claimHash, token)) {
        throw ApplicationNotFound();
      }
      if (application.status !== 'approved') {
        return { status: application.status, decisionNote: application.decisionNote, apiKey: null, expiresAt: null };
      }
      const approver = application.decidedBy?.startsWith('user:') ? await apiKeys.userPrincipal(application.decidedBy.slice('user:'.length)) : null;
      const dataset = await datasets.get(application.datasetId);
      if (application.apiKeyId !== null || !approver || !dataset) {
        throw ClaimRefused();
      }
      const expiresAt = new Date(clock().getTime() + KEY_VALIDITY_MS);
      const name = `开放数据申请：${application.applicantName} · ${dataset.title}`.slice(0, 120);
      const key = await apiKeys.createApiKey(approver, { name, organisationId: dataset.owner.id, scopes: [OpendataPermissions.conditionalRead], expiresAt });
      const claimed = await db.transaction().execute(async (trx) => {
        if (!(await createApplicationRepository(trx).claim(id, key.id, clock()))) {
          return false;
        }
        await audit.append(trx, { actor: null, action: 'opendata.application.claim', target: `opendata.application:${id}`, details: { dataset: dataset.name, apiKey: key.id } });
        return true;
      });
      if (!claimed) {
        // Another claim won the race: its key stands, this one goes.
        await apiKeys.revokeApiKey(approver, key.id, async () => true);
        throw ClaimRefused();
      }
      return { status: 'approved', decisionNote: application.decisionNote, apiKey: key.key, expiresAt };
    },

    /** Applications to the caller's datasets (an administrator: the region's), newest first. */
    list(principal: Principal, filter: { status?: ApplicationStatus | undefined; page: number; pageSize: number }) {
      return applications.list(
        { ...ownScope(principal), regionPrefix: regionPrefix(principal), ...(filter.status ? { status: filter.status } : {}) },
        { offset: (filter.page - 1) * filter.pageSize, limit: filter.pageSize },
      );
    },
  };
}

export type ApplicationsService = ReturnType<typeof createApplicationsService>;
