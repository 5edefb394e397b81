import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';

export interface CasesHarness {
  platform: Platform;
  app: FastifyInstance;
  /** Session cookies by username. */
  cookies: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A platform with the demo organisations and users, plus a handler of the housing bureau
 * (`zjj.handler`) and a dispatcher of the Liangzihu district (`lzh.dispatcher`).
 * Automatic dispatch by the classifier is off (threshold 1) unless a threshold is given,
 * so that cases recorded without a category wait for the dispatcher.
 */
export async function startCasesHarness(options: { autoDispatchThreshold?: number } = {}): Promise<CasesHarness> {
  const database = await createTestDatabase({ migrate: false });
  const platform = await createPlatform(testConfig({ YIWANG_CASES_AUTO_DISPATCH_THRESHOLD: String(options.autoDispatchThreshold ?? 1) }), { database });
  await platform.org.seedDemo();
  const byCode = async (code: string) => (await platform.org.service.getOrganisationByCode(code))!.id;
  const password = 'Yiwang@2026';
  await platform.org.service.createUser(null, { username: 'zjj.handler', displayName: '住建承办', password, organisationId: await byCode('ezhou-zjj'), roles: ['handler'] }, 'system:test');
  await platform.org.service.createUser(null, { username: 'lzh.dispatcher', displayName: '梁子湖派单', password, organisationId: await byCode('ezhou-lzh-zsj'), roles: ['dispatcher'] }, 'system:test');
  const app = await platform.buildApp(false);
  const names = ['dispatcher', 'handler', 'gridworker', 'leader', 'admin', 'zjj.handler', 'lzh.dispatcher'];
  const cookies = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await loginAs(app, n)] as const)));
  return {
    platform,
    app,
    cookies,
    async close() {
      await app.close();
      await platform.close();
    },
  };
}

/** The audit actions recorded for a case, in order. */
export async function auditActions(platform: Platform, caseId: string): Promise<string[]> {
  const rows = await sql<{ action: string }>`select action from kernel_audit_log where target = ${`cases.case:${caseId}`} order by seq`.execute(platform.database.db);
  return rows.rows.map((r) => r.action);
}
