import type { BundleApplicationStatus } from './bundles.tables.js';

/** Payload of `services.bundle.changed`: a bundle application was submitted or its aggregated status changed. */
export interface BundleChangedEvent {
  bundleApplicationId: string;
  number: string;
  bundleCode: string;
  applicantId: string;
  action: 'submit' | 'progress' | 'finish';
  status: BundleApplicationStatus;
  childrenTotal: number;
  childrenFinished: number;
}

/** Payload of `services.entitlement.granted`: a 免申即享 policy run created an entitlement. */
export interface EntitlementGrantedEvent {
  entitlementId: string;
  policyCode: string;
  period: string;
  subjectKind: 'person' | 'enterprise';
  applicantId: string | null;
}

/** Payload of `services.rating.created`: an applicant rated a finished service (好差评). */
export interface RatingCreatedEvent {
  ratingId: string;
  applicationId: string | null;
  bundleApplicationId: string | null;
  score: number;
  rectificationIds: string[];
}

/** Payload of `services.rectification.answered`: a department answered a 差评 (整改反馈). */
export interface RectificationAnsweredEvent {
  rectificationId: string;
  ratingId: string;
  organisationId: string;
  finding: string;
  onTime: boolean;
}

declare module '../../kernel/bus/index.js' {
  interface DomainEvents {
    'services.bundle.changed': BundleChangedEvent;
    'services.entitlement.granted': EntitlementGrantedEvent;
    'services.rating.created': RatingCreatedEvent;
    'services.rectification.answered': RectificationAnsweredEvent;
  }
}

export const BUNDLE_CHANGED = 'services.bundle.changed' as const;
export const ENTITLEMENT_GRANTED = 'services.entitlement.granted' as const;
export const RATING_CREATED = 'services.rating.created' as const;
export const RECTIFICATION_ANSWERED = 'services.rectification.answered' as const;
