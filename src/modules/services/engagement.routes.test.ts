import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInShanghai } from '../../kernel/calendar/index.js';
import type { Platform } from '../../platform.js';
import { PNG, requestsTo, startDemoApp, uploadId } from './applications.testkit.js';

let platform: Platform;
let app: FastifyInstance;
let cookies: Record<string, string>;

beforeAll(async () => {
  ({ platform, app, cookies } = await startDemoApp(['admin', 'zhangsan', 'huangshaochen', 'chuangyi', 'officer', ...Object.values(OFFICERS)]));
}, 240_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const { get, post } = requestsTo(() => app);
const codeOf = (response: LightMyRequestResponse) => (response.json() as { error?: { code: string } }).error?.code;
function ok<T = any>(response: LightMyRequestResponse, status = 200): T {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

/** The demo case officers of the bundles' departments. */
const OFFICERS: Record<string, string> = {
  鄂州市卫生健康委员会: 'health.officer',
  鄂州市公安局: 'police.officer',
  鄂州市医疗保障局: 'medicare.officer',
  鄂州市人力资源和社会保障局: 'hrss.officer',
};

interface Child {
  id: string;
  number: string;
  status: string;
  version: number;
  item: { code: string; name: string };
  organisation: { id: string; name: string };
  instant: string | null;
}
interface BundleApp {
  id: string;
  number: string;
  status: string;
  childrenTotal: number;
  childrenFinished: number;
  children: Child[];
}

/** Every officer step of a child application, by the case officer of its department. */
async function finish(child: Child, outcome: 'approve' | 'reject') {
  const cookie = cookies[OFFICERS[child.organisation.name]!];
  let detail = ok(await get(`/services/handle/applications/${child.id}`, cookie));
  const step = async (action: string, body: Record<string, unknown> = {}) => {
    detail = ok(await post(`/services/handle/applications/${child.id}/${action}`, { version: detail.version, ...body }, cookie));
  };
  if (detail.status === 'submitted') {
    await step('accept');
  }
  if (outcome === 'reject') {
    await step('reject', { reason: '出生医学证明编号与助产机构登记不一致' });
    return detail;
  }
  while (detail.status === 'reviewing') {
    await step('review', { opinion: 'agree', comment: '材料齐全' });
  }
  if (detail.status === 'deciding') {
    await step('approve');
  }
  if (detail.status === 'approved') {
    await step('complete');
  }
  return detail;
}

async function newbornBundle(cookie = cookies.zhangsan!) {
  const materials = [
    { name: '出生医学证明首次签发登记表', fileId: await uploadId(app, cookie, '登记表.pdf') },
    { name: '近期免冠白底彩色数码照片', fileId: await uploadId(app, cookie, '照片.png', PNG) },
  ];
  const form = {
    phone: '17719093778',
    childName: '徐小满',
    childGender: '女',
    birthDate: todayInShanghai(new Date()),
    hospital: '鄂州市妇幼保健院',
    motherName: '徐佳丽',
    fatherName: '王浩',
    birthCertificateNo: 'R420123456',
    relation: '母亲',
    bank: '湖北银行',
    delivery: '网点领取',
  };
  return post('/services/my/bundle-applications', { bundle: 'newborn', form, materials }, cookie);
}

describe('bundles (一件事一次办)', () => {
  it('list the demo bundles publicly, each with its items of several departments', async () => {
    const list = ok<{ items: Array<{ code: string; name: string; items: Array<{ name: string; organisationName: string }> }> }>(await get('/services/bundles'));
    const newborn = list.items.find((b) => b.code === 'newborn')!;
    expect(newborn.name).toBe('新生儿出生一件事');
    expect(newborn.items.map((i) => i.name)).toEqual(['出生医学证明首次签发', '出生登记', '医保参保登记', '社会保障卡申领']);
    expect(new Set(newborn.items.map((i) => i.organisationName)).size).toBe(4);
    const company = ok(await get('/services/bundles/company-start'));
    expect(company.items.map((i: { name: string }) => i.name)).toEqual(['公司设立登记', '公章刻制备案', '新办纳税人涉税事项套餐', '单位参保登记']);
    expect(codeOf(await get('/services/bundles/no-such-bundle'))).toBe('SERVICES_BUNDLE_NOT_FOUND');
  });

  it('prepare the combined form from the registries and show what each item still needs', async () => {
    const prepared = ok(await get('/services/my/bundles/newborn/prepare', cookies.zhangsan));
    expect(prepared.form).toMatchObject({ applicantName: '徐佳丽', idNumber: '420704199703048784' });
    const registration = prepared.items.find((i: { name: string }) => i.name === '出生登记');
    expect(registration.materials.find((m: { name: string }) => m.name === '出生医学证明').provided).toBe('waived');
  });

  it('fan out to one application per item in parallel, complete when all complete, and tell the applicant', async () => {
    const created = ok<BundleApp>(await newbornBundle(), 201);
    expect(created.status).toBe('processing');
    expect(created.childrenTotal).toBe(4);
    expect(created.children.map((c) => c.item.name).sort()).toEqual(['出生医学证明首次签发', '出生登记', '医保参保登记', '社会保障卡申领'].sort());
    expect(new Set(created.children.map((c) => c.organisation.id)).size).toBe(4);
    // The combined form filled each item's form: fixed values and shared fields.
    const medical = created.children.find((c) => c.item.name === '医保参保登记')!;
    const medicalDetail = ok(await get(`/services/my/applications/${medical.id}`, cookies.zhangsan));
    expect(medicalDetail.form).toMatchObject({ insuranceType: '城乡居民基本医疗保险', category: '新生儿', applicantName: '徐佳丽' });
    const registration = created.children.find((c) => c.item.name === '出生登记')!;
    expect(ok(await get(`/services/my/applications/${registration.id}`, cookies.zhangsan)).form).toMatchObject({ childName: '徐小满', birthCertificateNo: 'R420123456' });
    // Each child sits in its own department's inbox.
    const policeInbox = ok(await get('/services/handle/applications?scope=all&pageSize=100', cookies['police.officer']));
    expect(policeInbox.items.map((a: { id: string }) => a.id)).toContain(registration.id);
    expect(policeInbox.items.map((a: { id: string }) => a.id)).not.toContain(medical.id);

    const children = created.children.filter((c) => c.status !== 'completed');
    for (const [index, child] of children.entries()) {
      await finish(child, 'approve');
      const now = ok<BundleApp>(await get(`/services/my/bundle-applications/${created.id}`, cookies.zhangsan));
      expect(now.status).toBe(index === children.length - 1 ? 'completed' : 'processing');
    }
    const done = ok<BundleApp>(await get(`/services/my/bundle-applications/${created.id}`, cookies.zhangsan));
    expect(done.childrenFinished).toBe(4);
    expect(done.children.every((c) => c.status === 'completed')).toBe(true);
    const messages = ok(await get('/services/my/messages?pageSize=100', cookies.zhangsan));
    expect(messages.items.map((m: { title: string }) => m.title)).toContain('「新生儿出生一件事」已全部办结');
    const mine = ok(await get('/services/my/bundle-applications', cookies.zhangsan));
    expect(mine.items.map((b: { id: string }) => b.id)).toContain(created.id);
  });

  it('is rejected when a child is finally refused, once every other child is finished', async () => {
    const created = ok<BundleApp>(await newbornBundle(), 201);
    const registration = created.children.find((c) => c.item.name === '出生登记')!;
    await finish(registration, 'reject');
    expect(ok<BundleApp>(await get(`/services/my/bundle-applications/${created.id}`, cookies.zhangsan)).status).toBe('processing');
    for (const child of created.children.filter((c) => c.id !== registration.id && c.status !== 'completed')) {
      await finish(child, 'approve');
    }
    const done = ok<BundleApp>(await get(`/services/my/bundle-applications/${created.id}`, cookies.zhangsan));
    expect(done.status).toBe('rejected');
    expect(done.children.find((c) => c.id === registration.id)!.status).toBe('rejected');
  });

  it('writes nothing when one child fails, and names that child', async () => {
    const before = ok(await get('/services/my/bundle-applications', cookies.zhangsan)).total;
    const noPhoto = await post(
      '/services/my/bundle-applications',
      {
        bundle: 'newborn',
        form: { phone: '17719093778', childName: '徐小满', childGender: '女', birthDate: '2026-11-01', hospital: '鄂州市妇幼保健院', motherName: '徐佳丽', birthCertificateNo: 'R420123456', relation: '母亲', bank: '湖北银行', delivery: '网点领取' },
        materials: [{ name: '出生医学证明首次签发登记表', fileId: await uploadId(app, cookies.zhangsan!) }],
      },
      cookies.zhangsan,
    );
    expect(noPhoto.statusCode).toBe(400);
    expect(noPhoto.json().error).toMatchObject({ code: 'SERVICES_MATERIAL_MISSING', details: { materials: ['近期免冠白底彩色数码照片'], item: { name: '社会保障卡申领' } } });
    expect(ok(await get('/services/my/bundle-applications', cookies.zhangsan)).total).toBe(before);
    // The combined form is validated against the bundle's schema.
    const badForm = await post('/services/my/bundle-applications', { bundle: 'newborn', form: { childName: '徐小满' }, materials: [] }, cookies.zhangsan);
    expect(codeOf(badForm)).toBe('SERVICES_INVALID_FORM');
    expect(codeOf(await post('/services/my/bundle-applications', { bundle: 'nope', form: {}, materials: [] }, cookies.zhangsan))).toBe('SERVICES_BUNDLE_NOT_FOUND');
    // An enterprise account cannot apply for a citizen's bundle; staff are not applicants.
    expect(codeOf(await post('/services/my/bundle-applications', { bundle: 'newborn', form: {}, materials: [] }, cookies.chuangyi))).toBe('SERVICES_SUBJECT_NOT_ACCEPTED');
    expect(codeOf(await post('/services/my/bundle-applications', { bundle: 'newborn', form: {}, materials: [] }, cookies.officer))).toBe('AUTH_FORBIDDEN');
  });

  it('hides another applicant’s bundle application: SERVICES_BUNDLE_APPLICATION_NOT_FOUND', async () => {
    const created = ok<BundleApp>(await newbornBundle(), 201);
    expect(codeOf(await get(`/services/my/bundle-applications/${created.id}`, cookies.huangshaochen))).toBe('SERVICES_BUNDLE_APPLICATION_NOT_FOUND');
  });
});

describe('好差评 ratings', () => {
  it('rate a finished application once; a 差评 opens a rectification the department answers, and the applicant is told', async () => {
    const created = ok<BundleApp>(await newbornBundle(), 201);
    const registration = created.children.find((c) => c.item.name === '出生登记')!;
    // Not finished yet.
    expect(codeOf(await post(`/services/my/applications/${registration.id}/rating`, { score: 5 }, cookies.zhangsan))).toBe('SERVICES_NOT_FINISHED');
    await finish(registration, 'approve');
    // Someone else's.
    expect(codeOf(await post(`/services/my/applications/${registration.id}/rating`, { score: 5 }, cookies.huangshaochen))).toBe('SERVICES_APPLICATION_NOT_FOUND');
    expect(codeOf(await post(`/services/my/applications/${registration.id}/rating`, { score: 6 }, cookies.zhangsan))).toBe('VALIDATION_FAILED');
    const rating = ok(await post(`/services/my/applications/${registration.id}/rating`, { score: 2, comment: '窗口让我跑了两次' }, cookies.zhangsan), 201);
    expect(rating).toMatchObject({ score: 2, level: '不满意', comment: '窗口让我跑了两次' });
    expect(rating.rectifications).toHaveLength(1);
    expect(rating.rectifications[0]).toMatchObject({ organisation: { name: '鄂州市公安局' }, status: 'open' });
    expect(codeOf(await post(`/services/my/applications/${registration.id}/rating`, { score: 5 }, cookies.zhangsan))).toBe('SERVICES_ALREADY_RATED');

    const police = ok(await get('/services/handle/rectifications?status=open', cookies['police.officer']));
    const task = police.items.find((x: { id: string }) => x.id === rating.rectifications[0].id);
    expect(task).toMatchObject({ rating: { score: 2, level: '不满意' }, status: 'open' });
    // Another department neither sees nor answers it.
    const hrss = ok(await get('/services/handle/rectifications', cookies['hrss.officer']));
    expect(hrss.items.map((x: { id: string }) => x.id)).not.toContain(task.id);
    expect(codeOf(await post(`/services/handle/rectifications/${task.id}/answer`, { version: 1, finding: '属实', reply: '已整改' }, cookies['hrss.officer']))).toBe('SERVICES_RECTIFICATION_NOT_FOUND');
    const answered = ok(await post(`/services/handle/rectifications/${task.id}/answer`, { version: task.version, finding: '属实', reply: '已对窗口人员批评教育，推行一次告知。' }, cookies['police.officer']));
    expect(answered).toMatchObject({ status: 'answered', finding: '属实' });
    expect(codeOf(await post(`/services/handle/rectifications/${task.id}/answer`, { version: answered.version, finding: '属实', reply: '再次答复' }, cookies['police.officer']))).toBe('SERVICES_RECTIFICATION_ANSWERED');
    const messages = ok(await get('/services/my/messages?pageSize=100', cookies.zhangsan));
    expect(messages.items.some((m: { title: string; body: string }) => m.title.includes('整改反馈') && m.body.includes('推行一次告知'))).toBe(true);
    const mine = ok(await get(`/services/my/applications/${registration.id}/rating`, cookies.zhangsan));
    expect(mine.rating.rectifications[0]).toMatchObject({ status: 'answered', reply: '已对窗口人员批评教育，推行一次告知。' });

    const stats = ok(await get('/services/ratings/stats?by=department'));
    const row = stats.items.find((s: { name: string }) => s.name === '鄂州市公安局');
    expect(row.ratings).toBeGreaterThanOrEqual(1);
    expect(row.levels['不满意']).toBeGreaterThanOrEqual(1);
    expect(row.bad).toBeGreaterThanOrEqual(1);
    expect(row.finished).toBeGreaterThanOrEqual(1);
  });

  it('rate a finished bundle once, a good rating opening no rectification', async () => {
    const created = ok<BundleApp>(await newbornBundle(), 201);
    expect(codeOf(await post(`/services/my/bundle-applications/${created.id}/rating`, { score: 5 }, cookies.zhangsan))).toBe('SERVICES_NOT_FINISHED');
    for (const child of created.children.filter((c) => c.status !== 'completed')) {
      await finish(child, 'approve');
    }
    const rating = ok(await post(`/services/my/bundle-applications/${created.id}/rating`, { score: 5 }, cookies.zhangsan), 201);
    expect(rating).toMatchObject({ level: '非常满意', itemName: '新生儿出生一件事', rectifications: [] });
    expect(codeOf(await post(`/services/my/bundle-applications/${created.id}/rating`, { score: 4 }, cookies.zhangsan))).toBe('SERVICES_ALREADY_RATED');
    const byItem = ok(await get('/services/ratings/stats?by=item'));
    const medical = byItem.items.find((s: { name: string }) => s.name === '医保参保登记');
    expect(medical.levels['非常满意']).toBeGreaterThanOrEqual(1);
    expect(medical.goodRate).toBe(1);
  });
});

describe('免申即享 entitlements', () => {
  it('a run creates entitlements for exactly the eligible register rows, a second run none', async () => {
    // Who is eligible, straight from the register: persons of Ezhou, 正常, aged 80 or more.
    const today = todayInShanghai(new Date());
    const eligible = new Set<string>();
    let cursor: string | null = null;
    let total = 0;
    do {
      const page = await platform.registry.service.scanPersons({}, { after: cursor, limit: 1000 });
      for (const p of page.items) {
        total++;
        const age = Number(today.slice(0, 4)) - Number(p.birthDate.slice(0, 4)) - (today.slice(5) < p.birthDate.slice(5) ? 1 : 0);
        if (p.status === '正常' && p.householdDivision.startsWith('4207') && age >= 80) {
          eligible.add(p.idNumber);
        }
      }
      cursor = page.cursor;
    } while (cursor !== null);
    expect(eligible.size).toBeGreaterThan(0);
    expect(eligible.size).toBeLessThan(total);

    expect(codeOf(await post('/services/handle/policies/elderly-allowance/run', {}, cookies['police.officer']))).toBe('SERVICES_NOT_POLICY_OFFICER');
    expect(codeOf(await post('/services/handle/policies/no-such/run', {}, cookies.admin))).toBe('SERVICES_POLICY_NOT_FOUND');
    expect(codeOf(await post('/services/handle/policies/elderly-allowance/run', {}, cookies.zhangsan))).toBe('AUTH_FORBIDDEN');

    const first = ok(await post('/services/handle/policies/elderly-allowance/run', {}, cookies.admin));
    expect(first).toMatchObject({ policy: 'elderly-allowance', trigger: 'manual', period: today.slice(0, 7), eligible: eligible.size, created: eligible.size, existing: 0 });
    expect(first.checked).toBeGreaterThanOrEqual(eligible.size);
    expect(first.notified).toBeGreaterThanOrEqual(1); // 黄绍晨, 89, has an account
    const second = ok(await post('/services/handle/policies/elderly-allowance/run', {}, cookies.admin));
    expect(second).toMatchObject({ eligible: eligible.size, created: 0, existing: eligible.size, notified: 0 });

    const listed = ok(await get(`/services/handle/policies/elderly-allowance/entitlements?pageSize=100&period=${today.slice(0, 7)}`, cookies.admin));
    expect(listed.total).toBe(eligible.size);
    expect(listed.items[0].subject.codeMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    const runs = ok(await get('/services/handle/policies/elderly-allowance/runs', cookies.admin));
    expect(runs.items.slice(0, 2).map((r: { created: number }) => r.created)).toEqual([0, eligible.size]);

    // The entitled applicant sees it and got a notice.
    const mine = ok(await get('/services/my/entitlements', cookies.huangshaochen));
    expect(mine.items.map((e: { policy: { code: string } }) => e.policy.code)).toContain('elderly-allowance');
    const messages = ok(await get('/services/my/messages?pageSize=100', cookies.huangshaochen));
    expect(messages.items.some((m: { title: string }) => m.title.includes('高龄津贴'))).toBe(true);
    expect(ok(await get('/services/my/entitlements', cookies.zhangsan)).total).toBe(0);
  });

  it('runs enterprise policies for their department officer, on the schedule too, idempotently', async () => {
    const policies = ok(await get('/services/policies'));
    expect(policies.items.map((p: { code: string }) => p.code)).toEqual(['elderly-allowance', 'job-stabilisation', 'newborn-medical']);
    const first = ok(await post('/services/handle/policies/job-stabilisation/run', {}, cookies['hrss.officer']));
    expect(first.created).toBe(first.eligible);
    const listed = ok(await get('/services/handle/policies/job-stabilisation/entitlements?pageSize=100', cookies['hrss.officer']));
    for (const e of listed.items) {
      const facts = Object.fromEntries(e.trace.map((t: { source: string; actual: unknown }) => [t.source, t.actual]));
      expect(facts['registry.entity.status']).toBe('存续');
      expect(facts['registry.entity.registeredCapital']).toBeLessThan(500);
    }
    const scheduled = await platform.services.runEntitlements();
    const again = scheduled.find((r) => r.policy === 'job-stabilisation')!;
    expect(again).toMatchObject({ trigger: 'schedule', created: 0, existing: first.eligible });
  });
});
