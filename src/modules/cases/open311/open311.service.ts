import { randomBytes } from 'node:crypto';
import type { Principal } from '../../../kernel/auth/index.js';
import type { Db } from '../../../kernel/db/index.js';
import { actorOf } from '../cases.deps.js';
import { CASE_TYPES, STATUS_LABELS, TYPE_LABELS, type CaseStatus, type CaseType } from '../cases.model.js';
import type { CasesService } from '../cases.service.js';
import type { CategoryRecord } from '../category.repository.js';
import { Open311Error, w3c } from './open311.format.js';
import { createOpen311Repository, type RequestRow, type UpdateRow } from './open311.repository.js';

export type Params = Record<string, string | undefined>;

const KIND_LABELS: Record<CategoryRecord['kind'], string> = { component: '部件', event: '事件', livelihood: '民生诉求' };
const DEFAULT_DAYS = 90;
const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 50;
/** Timeline actions a citizen may follow, with FixMyStreet's extended statuses. */
const UPDATE_STATUS: Record<string, string> = {
  intake: 'OPEN',
  dispatch: 'ACTION_SCHEDULED',
  sign: 'INVESTIGATING',
  handle: 'IN_PROGRESS',
  reply: 'FIXED',
  return: 'OPEN',
  callback: 'FIXED',
  close: 'CLOSED',
  reopen: 'ACTION_SCHEDULED',
  merge: 'DUPLICATE',
};

const bad = (description: string) => new Open311Error(400, description);

function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function date(params: Params, name: string): Date | undefined {
  const value = params[name];
  if (value === undefined || value === '') {
    return undefined;
  }
  const parsed = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(parsed)) {
    throw bad(`${name} must be a W3C date-time, e.g. 2026-11-24T08:00:00+08:00`);
  }
  return new Date(parsed);
}

function integer(params: Params, name: string, fallback: number, max: number): number {
  const value = params[name];
  if (value === undefined || value === '') {
    return fallback;
  }
  if (!/^[0-9]{1,6}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw bad(`${name} must be an integer between 1 and ${max}`);
  }
  return Number(value);
}

function number(params: Params, name: string, min: number, max: number): number | undefined {
  const value = params[name];
  if (value === undefined || value === '') {
    return undefined;
  }
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    throw bad(`${name} must be a number between ${min} and ${max}`);
  }
  return parsed;
}

function text(params: Params, name: string, max: number): string | undefined {
  const value = params[name]?.trim();
  if (value === undefined || value === '') {
    return undefined;
  }
  if (value.length > max) {
    throw bad(`${name} is longer than ${max} characters`);
  }
  return value;
}

const requestView = (r: RequestRow) => ({
  service_request_id: r.number,
  status: r.status === 'closed' ? 'closed' : 'open',
  status_notes: r.mergedIntoNumber ? `已合并至工单 ${r.mergedIntoNumber} 一并办理` : r.note,
  service_name: r.categoryName,
  service_code: r.categoryCode ?? 'unclassified',
  description: r.description,
  agency_responsible: r.orgName,
  service_notice: STATUS_LABELS[r.status as CaseStatus] ?? null,
  requested_datetime: w3c(r.createdAt)!,
  updated_datetime: w3c(r.updatedAt),
  expected_datetime: r.status === 'closed' ? null : w3c(r.deadlineAt),
  address: r.address,
  address_id: null,
  zipcode: null,
  lat: r.lat,
  long: r.lon,
  media_url: r.mediaUrl,
});

const updateView = (u: UpdateRow) => ({
  update_id: String(u.id),
  service_request_id: u.number,
  status: UPDATE_STATUS[u.action] ?? 'OPEN',
  updated_datetime: w3c(u.createdAt)!,
  description: (u.action === 'reply' || u.action === 'close') && u.comment ? u.comment : u.action === 'merge' ? '与其他群众反映的同一问题合并办理' : STATUS_LABELS[u.toStatus as CaseStatus],
  media_url: null,
});

/**
 * Open311 GeoReport v2 over the cases module: categories are services, public cases are
 * service requests, and a posted request is a citizen's report taken by the cases service.
 */
export function createOpen311Service(deps: { db: Db; cases: CasesService; cityDivisionCode: string; now: () => Date }) {
  const repo = createOpen311Repository(deps.db);

  function checkJurisdiction(params: Params) {
    const jurisdiction = params.jurisdiction_id;
    if (jurisdiction !== undefined && jurisdiction !== '' && jurisdiction !== deps.cityDivisionCode) {
      throw new Open311Error(404, `jurisdiction_id ${jurisdiction} not served here (use ${deps.cityDivisionCode})`);
    }
  }

  const serviceView = (c: CategoryRecord) => ({
    service_code: c.code,
    service_name: c.name,
    description: `${KIND_LABELS[c.kind]} · ${c.group} · ${c.name}`,
    metadata: true,
    type: 'realtime',
    keywords: [KIND_LABELS[c.kind], c.group, ...c.iotTypes].join(','),
    group: c.group,
  });

  return {
    async services(params: Params) {
      checkJurisdiction(params);
      return (await deps.cases.listCategories()).map(serviceView);
    },

    /** The only attribute: the kind of request (投诉 / 举报 / 求助 / 咨询 / 建议). */
    async definition(params: Params, code: string) {
      checkJurisdiction(params);
      const category = (await deps.cases.listCategories()).find((c) => c.code === code);
      if (!category) {
        throw new Open311Error(404, `service_code ${code} not found`);
      }
      return {
        service_code: category.code,
        attributes: [
          {
            variable: true,
            code: 'type',
            datatype: 'singlevaluelist',
            required: false,
            datatype_description: '诉求类型，默认“举报”',
            order: 1,
            description: '诉求类型',
            values: CASE_TYPES.map((t) => ({ key: t, name: TYPE_LABELS[t] })),
          },
        ],
      };
    },

    /** GET requests: by ids (other filters ignored, as the standard says) or by filters, newest first. */
    async requests(params: Params) {
      checkJurisdiction(params);
      const page = integer(params, 'page', 1, 100_000);
      const pageSize = integer(params, 'page_size', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      const numbers = list(params.service_request_id);
      const statuses = list(params.status);
      if (statuses && statuses.some((s) => s !== 'open' && s !== 'closed')) {
        throw bad('status must be open, closed or both separated by a comma');
      }
      let startDate = date(params, 'start_date');
      const endDate = date(params, 'end_date');
      const updatedAfter = date(params, 'updated_after');
      const updatedBefore = date(params, 'updated_before');
      if (startDate && endDate && startDate > endDate) {
        throw bad('start_date must not be after end_date');
      }
      if (!numbers && !startDate && !endDate && !updatedAfter && !updatedBefore) {
        startDate = new Date(deps.now().getTime() - DEFAULT_DAYS * 86_400_000);
      }
      const result = await repo.list({
        numbers,
        serviceCodes: list(params.service_code),
        statuses: statuses as Array<'open' | 'closed'> | undefined,
        startDate,
        endDate,
        updatedAfter,
        updatedBefore,
        offset: (page - 1) * pageSize,
        limit: pageSize,
      });
      return { items: result.rows.map(requestView), total: result.total, page, pageSize };
    },

    async request(params: Params, id: string) {
      checkJurisdiction(params);
      const found = await repo.list({ numbers: [id], offset: 0, limit: 1 });
      if (found.rows.length === 0) {
        throw new Open311Error(404, `service_request_id ${id} not found`);
      }
      return found.rows.map(requestView);
    },

    async token(params: Params, token: string) {
      checkJurisdiction(params);
      const found = /^[A-Za-z0-9_-]{8,64}$/.test(token) ? await repo.byToken(token) : undefined;
      if (!found) {
        throw new Open311Error(404, `token ${token} not found`);
      }
      return [{ service_request_id: found.number, token }];
    },

    /** servicerequestupdates: what happened to public requests between start_date and end_date, oldest first. */
    async updates(params: Params) {
      checkJurisdiction(params);
      const page = integer(params, 'page', 1, 100_000);
      const pageSize = integer(params, 'page_size', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      const to = date(params, 'end_date') ?? deps.now();
      const from = date(params, 'start_date') ?? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
      if (from > to) {
        throw bad('start_date must not be after end_date');
      }
      const rows = await repo.updates({ actions: Object.keys(UPDATE_STATUS), from, to, offset: (page - 1) * pageSize, limit: pageSize });
      return rows.map(updateView);
    },

    /** POST requests by a department system holding an API key with `cases.intake`. */
    async submit(principal: Principal, params: Params) {
      checkJurisdiction(params);
      const serviceCode = text(params, 'service_code', 32);
      if (!serviceCode) {
        throw bad('service_code is required');
      }
      if (!(await deps.cases.listCategories()).some((c) => c.code === serviceCode)) {
        throw bad(`service_code ${serviceCode} not found`);
      }
      const lat = number(params, 'lat', -90, 90);
      const lon = number(params, 'long', -180, 180);
      if ((lat === undefined) !== (lon === undefined)) {
        throw bad('lat and long must be given together');
      }
      const address = text(params, 'address_string', 300) ?? text(params, 'address_id', 300);
      if (lat === undefined && !address) {
        throw bad('a location is required: lat and long, address_string or address_id');
      }
      const description = text(params, 'description', 4000);
      if (!description || description.length < 5) {
        throw bad('description is required (at least 5 characters)');
      }
      const type = params['attribute[type]'] ?? 'report';
      if (!(CASE_TYPES as readonly string[]).includes(type)) {
        throw bad(`attribute[type] must be one of ${CASE_TYPES.join(', ')}`);
      }
      const email = text(params, 'email', 200);
      if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        throw bad('email is not a valid address');
      }
      const mediaUrl = text(params, 'media_url', 1000);
      if (mediaUrl && !/^https?:\/\/[^\s]+$/.test(mediaUrl)) {
        throw bad('media_url must be an http(s) URL');
      }
      const name = `${text(params, 'last_name', 25) ?? ''}${text(params, 'first_name', 25) ?? ''}`;
      const token = randomBytes(18).toString('base64url');
      const created = await deps.cases.intakeAs(
        { principal, actor: actorOf(principal), name: name || principal.name },
        'web',
        {
          type: type as CaseType,
          categoryCode: serviceCode,
          description,
          address,
          point: lat !== undefined && lon !== undefined ? { lat, lon } : undefined,
          reporterName: name || undefined,
          reporterPhone: text(params, 'phone', 20),
          urgency: 'normal',
        },
        `open311:${token}`,
      );
      await repo.insertToken({ token, caseId: created.id, mediaUrl: mediaUrl ?? null, apiKeyId: principal.id });
      return [{ service_request_id: created.number, token, service_notice: `已受理，工单编号 ${created.number}`, account_id: null }];
    },
  };
}

export type Open311Service = ReturnType<typeof createOpen311Service>;
