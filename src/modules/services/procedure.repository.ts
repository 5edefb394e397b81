import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { Procedure } from './applications.model.js';
import type { ApplicationTables } from './applications.tables.js';

export interface StoredProcedure extends Procedure {
  itemId: string;
  /** 0 for an item without a stored procedure (the default applies). */
  version: number;
  updatedBy: string | null;
  updatedAt: Date | null;
}

const jsonb = (value: unknown) => sql<string>`${JSON.stringify(value)}::text::jsonb`;
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

function columns(procedure: Procedure, actor: string | null) {
  return {
    result_license_type_code: procedure.resultLicenseTypeCode,
    result_data: jsonb(procedure.resultData),
    parallel_reviews: jsonb(procedure.parallelReviews),
    step_roles: jsonb(procedure.stepRoles),
    waived_materials: jsonb(procedure.waivedMaterials),
    instant_rules: procedure.instantRules === null ? null : jsonb(procedure.instantRules),
    updated_by: actor,
  };
}

/** Items' procedures (办理规则); Kysely only. */
export function createProcedureRepository(executor: Executor) {
  const db = tablesOf<ApplicationTables>(executor);

  return {
    async get(itemId: string): Promise<StoredProcedure | undefined> {
      const r = await db.selectFrom('services_item_procedure').selectAll().where('item_id', '=', itemId).executeTakeFirst();
      if (!r) {
        return undefined;
      }
      return {
        itemId: r.item_id,
        resultLicenseTypeCode: r.result_license_type_code,
        resultData: parsed(r.result_data),
        parallelReviews: parsed(r.parallel_reviews),
        stepRoles: parsed(r.step_roles),
        waivedMaterials: parsed(r.waived_materials),
        instantRules: r.instant_rules === null ? null : parsed(r.instant_rules),
        version: r.version,
        updatedBy: r.updated_by,
        updatedAt: new Date(r.updated_at),
      };
    },

    /**
     * Writes the procedure if it is still at `version` (0: none stored yet); false on a
     * concurrent change.
     */
    async write(itemId: string, version: number, procedure: Procedure, actor: string | null): Promise<boolean> {
      if (version === 0) {
        const row = await db
          .insertInto('services_item_procedure')
          .values({ item_id: itemId, ...columns(procedure, actor) })
          .onConflict((oc) => oc.column('item_id').doNothing())
          .returning('item_id')
          .executeTakeFirst();
        return row !== undefined;
      }
      const result = await db
        .updateTable('services_item_procedure')
        .set({ ...columns(procedure, actor), version: sql`version + 1`, updated_at: new Date() })
        .where('item_id', '=', itemId)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
