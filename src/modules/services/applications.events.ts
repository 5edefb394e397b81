import type { ApplicationStatus, DeadlineState } from './applications.model.js';

/** What was done to an application in a `services.application.changed` event. */
export type ApplicationAction =
  | 'submit'
  | 'instant_approve'
  | 'accept'
  | 'review'
  | 'approve'
  | 'reject'
  | 'send_back'
  | 'resubmit'
  | 'complete'
  | 'issue_failed';

/** Payload of `services.application.changed`: published in the transaction of every transition. */
export interface ApplicationChangedEvent {
  applicationId: string;
  number: string;
  itemId: string;
  organisationId: string;
  applicantId: string;
  action: ApplicationAction;
  status: ApplicationStatus;
  licenseId: string | null;
}

/** Payload of `services.application.deadline`: an accepted application came near its deadline or passed it. */
export interface ApplicationDeadlineEvent {
  applicationId: string;
  number: string;
  organisationId: string;
  state: Exclude<DeadlineState, 'normal'>;
  dueOn: string;
}

declare module '../../kernel/bus/index.js' {
  interface DomainEvents {
    'services.application.changed': ApplicationChangedEvent;
    'services.application.deadline': ApplicationDeadlineEvent;
  }
}

export const APPLICATION_CHANGED = 'services.application.changed' as const;
export const APPLICATION_DEADLINE = 'services.application.deadline' as const;
