import type { ColumnType, Generated } from 'kysely';

type Day = ColumnType<string, string, string>;

export type RectificationFinding = '属实' | '部分属实' | '不属实';

export interface RatingTables {
  services_rating: {
    id: Generated<string>;
    application_id: string | null;
    bundle_application_id: string | null;
    applicant_id: string;
    item_id: string | null;
    item_name: string;
    score: number;
    comment: string | null;
    created_at: Generated<Date>;
  };
  services_rating_org: {
    rating_id: string;
    org_id: string;
    org_name: string;
    item_id: string;
    item_name: string;
  };
  services_rectification: {
    id: Generated<string>;
    rating_id: string;
    org_id: string;
    org_name: string;
    status: Generated<'open' | 'answered'>;
    due_on: Day;
    finding: RectificationFinding | null;
    reply: string | null;
    answered_by: string | null;
    answered_at: Date | null;
    version: Generated<number>;
    created_at: Generated<Date>;
  };
}
