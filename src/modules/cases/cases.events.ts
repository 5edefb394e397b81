import type { CaseAction, CaseStatus, Warning } from './cases.model.js';

/** Payload of `cases.case.changed`: a case was opened or moved on (published in the same transaction). */
export interface CaseChangedEvent {
  caseId: string;
  number: string;
  action: CaseAction;
  status: CaseStatus;
  categoryCode: string | null;
  organisationId: string | null;
  divisionCode: string;
}

/** Payload of `cases.case.warning`: a running case turned yellow (deadline near) or red (overdue). */
export interface CaseWarningEvent {
  caseId: string;
  number: string;
  warning: Exclude<Warning, 'none'>;
  organisationId: string | null;
  deadlineAt: string;
}

declare module '../../kernel/bus/index.js' {
  interface DomainEvents {
    'cases.case.changed': CaseChangedEvent;
    'cases.case.warning': CaseWarningEvent;
  }
}

export const CASE_CHANGED = 'cases.case.changed' as const;
export const CASE_WARNING = 'cases.case.warning' as const;
