import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../kernel/crypto/field-cipher.js';
import type { Principal } from '../../kernel/auth/index.js';
import type { IotAlarmRaisedEvent } from '../iot/index.js';
import { createCaseRepository } from './case.repository.js';
import { createCasesService, type CasesService } from './cases.service.js';
import { auditActions, startCasesHarness, type CasesHarness } from './cases.testkit.js';
import { checkDeadlines } from './warnings.js';

let h: CasesHarness;
let clock = new Date();
let service: CasesService;
let dispatcher: Principal;

const at = (local: string) => new Date(`${local}+08:00`);

beforeAll(async () => {
  h = await startCasesHarness();
  const { platform } = h;
  service = createCasesService({
    db: platform.database.db,
    audit: platform.audit,
    bus: platform.bus,
    calendar: platform.calendar,
    cipher: createFieldCipher(randomBytes(32)),
    org: platform.org.service,
    cityDivisionCode: '420700',
    now: () => clock,
  });
  dispatcher = (await platform.org.authenticator.fromSessionToken(h.cookies.dispatcher!.split('=')[1]!))!;
});

afterAll(async () => {
  await h?.close();
});

/** Opens and dispatches a case at `when` (Asia/Shanghai). */
async function dispatchedAt(when: string, categoryCode: string, urgency: 'normal' | 'urgent' = 'normal') {
  clock = at(when);
  const c = await service.staffIntake(dispatcher, 'hotline', { type: 'complaint', categoryCode, description: `时限测试 ${when}`, urgency });
  return service.dispatch(dispatcher, c.id, { version: c.version });
}

/** Runs the deadline check at `when` and returns the case's mark. */
async function warningAt(caseId: string, when: string) {
  const { database, audit, bus, calendar } = h.platform;
  await checkDeadlines({ db: database.db, audit, bus, calendar }, at(when));
  return (await createCaseRepository(h.platform.database.db).get(caseId))!.warning;
}

describe('deadline warnings on the working-day calendar', () => {
  it('counts across a weekend: yellow on the last working day but one, red after the last', async () => {
    // Friday 20 Nov 2026, 3 working days: Mon 23, Tue 24, Wed 25.
    const c = await dispatchedAt('2026-11-20T10:00:00', 'SJ-05-01');
    expect(c.dueOn).toBe('2026-11-25');
    expect(c.deadlineAt?.toISOString()).toBe(at('2026-11-26T00:00:00').toISOString());
    expect(await warningAt(c.id, '2026-11-21T12:00:00')).toBe('none');
    expect(await warningAt(c.id, '2026-11-23T09:00:00')).toBe('none');
    expect(await warningAt(c.id, '2026-11-24T09:00:00')).toBe('yellow');
    expect(await warningAt(c.id, '2026-11-25T23:59:00')).toBe('yellow');
    expect(await warningAt(c.id, '2026-11-26T00:01:00')).toBe('red');

    const timeline = await createCaseRepository(h.platform.database.db).timeline(c.id);
    expect(timeline.filter((e) => e.action === 'warn').map((e) => (e.details as { warning: string }).warning)).toEqual(['yellow', 'red']);
    expect(await auditActions(h.platform, c.id)).toEqual(['cases.case.intake', 'cases.case.dispatch', 'cases.case.yellow', 'cases.case.red']);
  });

  it('skips the Mid-Autumn holiday, and counts the make-up Saturday after National Day', async () => {
    // Thursday 24 Sept 2026, 2 working days: 25–27 off, Mon 28, Tue 29.
    const midAutumn = await dispatchedAt('2026-09-24T15:00:00', 'SJ-01-02');
    expect(midAutumn.dueOn).toBe('2026-09-29');
    expect(await warningAt(midAutumn.id, '2026-09-26T10:00:00')).toBe('none');
    expect(await warningAt(midAutumn.id, '2026-09-28T10:00:00')).toBe('yellow');
    expect(await warningAt(midAutumn.id, '2026-09-30T08:00:00')).toBe('red');

    // Wednesday 30 Sept 2026, 5 working days: 1–7 Oct off, 8, 9, Sat 10 (worked), 12, 13.
    const nationalDay = await dispatchedAt('2026-09-30T09:00:00', 'SJ-06-01');
    expect(nationalDay.dueOn).toBe('2026-10-13');
    expect(await warningAt(nationalDay.id, '2026-10-07T10:00:00')).toBe('none');
    expect(await warningAt(nationalDay.id, '2026-10-12T10:00:00')).toBe('yellow');
  });

  it('counts hours for an urgent case: yellow in the last quarter, red after', async () => {
    // 井盖 (BJ-01-01): 2 hours when urgent, whatever the day.
    const c = await dispatchedAt('2026-10-03T20:00:00', 'BJ-01-01', 'urgent');
    expect(c).toMatchObject({ limitHours: 2, dueOn: null });
    expect(await warningAt(c.id, '2026-10-03T21:00:00')).toBe('none');
    expect(await warningAt(c.id, '2026-10-03T21:40:00')).toBe('yellow');
    expect(await warningAt(c.id, '2026-10-03T22:00:01')).toBe('red');
  });

  it('leaves the case’s version alone, and stops watching once the organisation has replied', async () => {
    const handler = (await h.platform.org.authenticator.fromSessionToken(h.cookies.handler!.split('=')[1]!))!;
    let c = await dispatchedAt('2026-11-20T10:00:00', 'SJ-05-01');
    c = await service.sign(handler, c.id, { version: c.version });
    expect(await warningAt(c.id, '2026-11-24T09:00:00')).toBe('yellow');
    // The mark does not make the handler's next step stale.
    c = await service.reply(handler, c.id, { version: c.version, comment: '已处理' });
    expect(await warningAt(c.id, '2026-11-27T09:00:00')).toBe('yellow');
  });
});

describe('IoT alarms', () => {
  it('open one case per alarm, urgent and dispatched to the device’s owner, however often the event arrives', async () => {
    const owner = (await h.platform.org.service.getOrganisationByCode('ezhou-cgzfw'))!;
    const alarm: IotAlarmRaisedEvent = {
      alarmId: '7f3a1c2e-0000-4000-8000-000000000001',
      ruleId: '7f3a1c2e-0000-4000-8000-0000000000aa',
      ruleName: '井盖开启告警',
      kind: 'threshold',
      severity: 'major',
      message: '文化路智能井盖 倾角 35° 超过 15°',
      device: { id: 1, code: 'EZ-MC-EC-1', name: '文化路智能井盖', typeCode: 'manhole-cover', ownerId: owner.id, divisionCode: '420704', gridCode: null, lon: 114.89, lat: 30.39 },
      raisedAt: new Date().toISOString(),
      readings: [{ ts: new Date().toISOString(), values: { tilt: 35 } }],
    };
    const db = h.platform.database.db;
    await h.platform.bus.publish(db, { type: 'iot.alarm.raised', payload: alarm });
    await h.platform.bus.publish(db, { type: 'iot.alarm.raised', payload: alarm });
    while ((await h.platform.bus.dispatchOnce()) > 0) {
      // deliver both
    }
    for (let i = 0; i < 5 && (await h.platform.jobs.runOnce()) > 0; i++) {
      // run the enqueued job (and whatever else is due)
    }
    const opened = await createCaseRepository(db).getBySource(`iot.alarm:${alarm.alarmId}`);
    expect(opened).toMatchObject({
      channel: 'iot',
      categoryCode: 'BJ-01-01',
      urgency: 'urgent',
      status: 'dispatched',
      divisionCode: '420704',
      point: { lon: 114.89, lat: 30.39 },
      organisation: { code: 'ezhou-cgzfw' },
      limitHours: 2,
    });
    const count = await db.selectFrom('cases_case').select((eb) => eb.fn.countAll<number>().as('n')).where('source_ref', '=', `iot.alarm:${alarm.alarmId}`).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    expect(await auditActions(h.platform, opened!.id)).toEqual(['cases.case.intake', 'cases.case.dispatch']);
  });
});
