/**
 * A bundle application's status, aggregated from its children inside the transaction that
 * changed a child: the bundle row is locked first, so two children finishing at once are
 * counted one after the other. The bundle is `processing` while any child runs; when every
 * child is finished it is `completed` if all were completed (办结) and `rejected` if any was
 * refused (the other children keep their results: each is a matter of its own department).
 */
import { todayInShanghai } from '../../kernel/calendar/index.js';
import type { Executor } from '../../kernel/db/index.js';
import { createApplicantRepository } from './applicants.repository.js';
import type { AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import { createBundleRepository } from './bundles.repository.js';
import type { BundleApplicationStatus } from './bundles.tables.js';
import { BUNDLE_CHANGED } from './engagement.events.js';

/** What a bundle's progress writes with (applications.transition's deps fit). */
export interface BundleProgressDeps {
  audit: Pick<AuditLog, 'append'>;
  bus: Pick<Bus, 'publish'>;
}

const FINISHED = new Set(['completed', 'rejected']);

/** Recomputes the bundle application `id` after one of its children changed; writes only when something changed. */
export async function refreshBundleApplication(deps: BundleProgressDeps, trx: Executor, id: string, finishedOn: string | null): Promise<void> {
  const repo = createBundleRepository(trx);
  const current = await repo.getApplication(id, { lock: true });
  if (!current) {
    return;
  }
  const counts = await repo.childStatuses(id);
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  const finished = counts.filter((c) => FINISHED.has(c.status)).reduce((sum, c) => sum + c.n, 0);
  const rejected = counts.find((c) => c.status === 'rejected')?.n ?? 0;
  const done = total >= current.childrenTotal && finished === total;
  const status: BundleApplicationStatus = !done ? 'processing' : rejected > 0 ? 'rejected' : 'completed';
  if (status === current.status && finished === current.childrenFinished) {
    return;
  }
  const day = done ? (finishedOn ?? todayInShanghai(new Date())) : null;
  const updated = await repo.setProgress(id, { status, childrenFinished: finished, finishedOn: day });
  if (done) {
    await createApplicantRepository(trx).insertMessage(current.applicantId, {
      applicationId: null,
      kind: 'bundle_finish',
      title: `「${current.bundleName}」${status === 'completed' ? '已全部办结' : '已办结（部分事项未获准予）'}`,
      body:
        status === 'completed'
          ? `一件事编号 ${current.number}：${total} 个事项均已办结，结果证照可在“我的证照”中查看。欢迎对本次服务进行评价。`
          : `一件事编号 ${current.number}：${total} 个事项已全部办理完毕，其中 ${rejected} 个不予受理或不予许可，请在办件详情中查看原因。欢迎对本次服务进行评价。`,
    });
  }
  await deps.bus.publish(trx, {
    type: BUNDLE_CHANGED,
    payload: { bundleApplicationId: id, number: current.number, bundleCode: current.bundleCode, applicantId: current.applicantId, action: done ? 'finish' : 'progress', status, childrenTotal: total, childrenFinished: finished },
  });
  await deps.audit.append(trx, {
    actor: 'system:services.bundles',
    action: done ? 'services.bundle.finish' : 'services.bundle.progress',
    target: `services.bundle_application:${id}`,
    details: { number: current.number, from: current.status, to: updated.status, childrenFinished: finished, childrenTotal: total, rejected },
  });
}
