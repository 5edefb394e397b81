/** The vocabulary of a case (案件 / 工单): codes in English, labels in Chinese. */

export const CHANNELS = ['hotline', 'web', 'grid', 'iot', 'transfer'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 投诉 / 举报 / 求助 / 咨询 / 建议. */
export const CASE_TYPES = ['complaint', 'report', 'help', 'consult', 'suggestion'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** 受理 → 派遣 → 签收 → 处置 → 反馈 → 回访 → 结案. */
export const STATUSES = ['accepted', 'dispatched', 'signed', 'handling', 'replied', 'visited', 'closed'] as const;
export type CaseStatus = (typeof STATUSES)[number];

/** 满意 / 基本满意 / 不满意. */
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export const WARNINGS = ['none', 'yellow', 'red'] as const;
export type Warning = (typeof WARNINGS)[number];

export type CategoryKind = 'component' | 'event' | 'livelihood';

/**
 * What happens to a case; `intake` opens it, `warn` is the deadline job's mark. `merge`
 * closes a duplicate into its main case, which records `absorb`; `inform` tells merged
 * reporters the main case's answer; `escalate`, `summon` (吹哨), `report_in` (报到) and
 * `supervise` (督办) coordinate the handling.
 */
export const ACTIONS = ['intake', 'dispatch', 'sign', 'handle', 'reply', 'return', 'callback', 'close', 'reopen', 'warn', 'merge', 'absorb', 'inform', 'escalate', 'summon', 'report_in', 'supervise'] as const;
export type CaseAction = (typeof ACTIONS)[number];

/** Who may take a transition: the dispatcher of the case's region, or the assigned organisation's handler. */
export type Actor = 'dispatcher' | 'handler';

export interface TransitionRule {
  from: readonly CaseStatus[];
  /** Null: the status is unchanged (a progress note). */
  to: CaseStatus | null;
  by: Actor;
}

/**
 * The closed loop. 退回 sends a case back to the dispatcher; 重办 sends an unsatisfied
 * case back to the same organisation with a new deadline.
 */
export const TRANSITIONS = {
  dispatch: { from: ['accepted'], to: 'dispatched', by: 'dispatcher' },
  sign: { from: ['dispatched'], to: 'signed', by: 'handler' },
  handle: { from: ['signed', 'handling'], to: 'handling', by: 'handler' },
  reply: { from: ['signed', 'handling'], to: 'replied', by: 'handler' },
  return: { from: ['dispatched', 'signed'], to: 'accepted', by: 'handler' },
  callback: { from: ['replied'], to: 'visited', by: 'dispatcher' },
  close: { from: ['visited'], to: 'closed', by: 'dispatcher' },
  reopen: { from: ['visited'], to: 'dispatched', by: 'dispatcher' },
} as const satisfies Record<string, TransitionRule>;
export type TransitionAction = keyof typeof TRANSITIONS;

/** Statuses whose deadline clock runs (dispatched and not yet replied). */
export const RUNNING: readonly CaseStatus[] = ['dispatched', 'signed', 'handling'];

export const TYPE_LABELS: Record<CaseType, string> = { complaint: '投诉', report: '举报', help: '求助', consult: '咨询', suggestion: '建议' };
export const STATUS_LABELS: Record<CaseStatus, string> = {
  accepted: '已受理',
  dispatched: '已派遣',
  signed: '已签收',
  handling: '处置中',
  replied: '已反馈',
  visited: '已回访',
  closed: '已结案',
};
export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

/** Who wrote the demo city's case history (cases.demo.ts). */
export const DEMO_ACTOR = 'system:demo';
