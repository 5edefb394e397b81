/**
 * The vocabulary of online applications (网上申请 / 办件): applicants, statuses, the four
 * workflow steps, an item's procedure (办理规则) and the declarative instant-approval rules.
 */

/** 自然人 (real-name verified against the population registry) or 企业 (against the legal-entity registry). */
export const APPLICANT_KINDS = ['person', 'enterprise'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/** The four steps: 受理 → 审查 → 决定 → 办结. */
export const STEPS = ['accept', 'review', 'decide', 'complete'] as const;
export type Step = (typeof STEPS)[number];

/** 待受理 / 待补正 / 审查中 / 待决定 / 已准予（待办结）/ 已办结 / 不予受理或不予许可. */
export const APPLICATION_STATUSES = ['submitted', 'correction', 'reviewing', 'deciding', 'approved', 'completed', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Statuses in which the deadline clock runs (once accepted). */
export const CLOCK_RUNNING: readonly ApplicationStatus[] = ['reviewing', 'deciding', 'approved'];

export const DEADLINE_STATES = ['normal', 'warning', 'overdue'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

/** How a required material was provided: uploaded, an e-license of the applicant (免提交), or waived by the procedure. */
export const MATERIAL_SOURCES = ['upload', 'license', 'waived'] as const;
export type MaterialSource = (typeof MATERIAL_SOURCES)[number];

/** The step an officer acts on in each status; null where nobody acts. */
export function stepOf(status: ApplicationStatus): Step | null {
  switch (status) {
    case 'submitted':
      return 'accept';
    case 'reviewing':
      return 'review';
    case 'deciding':
      return 'decide';
    case 'approved':
      return 'complete';
    case 'correction':
    case 'completed':
    case 'rejected':
      return null;
  }
}

export const RULE_OPS = ['=', '!=', '>', '>=', '<', '<=', 'in', 'notIn', 'startsWith', 'exists'] as const;
export type RuleOp = (typeof RULE_OPS)[number];

/**
 * One instant-approval rule (秒批规则); exactly one of `field`, `registry`, `material`:
 * - `{ "field": "form.age", "op": ">=", "value": 18 }`: a field of the submitted form;
 * - `{ "registry": "person.householdDivision", "op": "startsWith", "value": "4207" }`: the
 *   applicant's record in the population (`person.*`) or legal-entity (`entity.*`) registry,
 *   `person.age` being whole years today;
 * - `{ "material": "经营场所使用相关文件", "op": "=", "value": "license" }`: how a material
 *   was provided (`upload`, `license`, `waived`, or `none`).
 */
export interface Rule {
  field?: string | undefined;
  registry?: string | undefined;
  material?: string | undefined;
  op: RuleOp;
  value?: unknown;
  /** What the rule checks, in words (shown in the trace). */
  label?: string | undefined;
}

/** One rule's outcome, recorded on the application. */
export interface RuleTrace {
  rule: number;
  label: string | null;
  source: string;
  op: RuleOp;
  expected: unknown;
  actual: unknown;
  passed: boolean;
  /** Why a rule failed without comparing: `missing` (no such value) or `type` (not comparable). */
  reason?: 'missing' | 'type';
}

/** A value of the result license: read from the evaluation context (`form.x`, `registry.entity.address`, `applicant.name`, `today`) or fixed. */
export type ResultValue = { path: string } | { value: string | number | boolean };

export interface ParallelReview {
  organisationId: string;
  code: string;
  name: string;
}

/**
 * How an item is handled (办理规则), beside the item itself: the result license, parallel
 * department reviews, the roles of each step, the materials an online application need not
 * submit, and the instant-approval rules (null: none). An application keeps the procedure
 * it was submitted under.
 */
export interface Procedure {
  resultLicenseTypeCode: string | null;
  /** License data field → where its value comes from. */
  resultData: Record<string, ResultValue>;
  parallelReviews: ParallelReview[];
  stepRoles: Record<Step, string[]>;
  waivedMaterials: Array<{ name: string; reason: string }>;
  instantRules: Rule[] | null;
}

export const DEFAULT_STEP_ROLES: Record<Step, string[]> = {
  accept: ['case_officer'],
  review: ['case_officer'],
  decide: ['case_officer'],
  complete: ['case_officer'],
};

export function defaultProcedure(): Procedure {
  return { resultLicenseTypeCode: null, resultData: {}, parallelReviews: [], stepRoles: { ...DEFAULT_STEP_ROLES }, waivedMaterials: [], instantRules: null };
}
