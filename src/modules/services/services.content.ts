import { parseDivisionCode } from '../../kernel/identifiers/index.js';
import type { OrgService } from '../org/index.js';
import { UnknownRegion } from './services.errors.js';
import { assertValidFormSchema } from './services.form-schema.js';
import { assertValidContent, normaliseContent, type ItemContent, type Material } from './services.model.js';

/** A material as a writer may state it: the optional parts have defaults. */
export type MaterialInput = Pick<Material, 'name' | 'form' | 'requirement'> & Partial<Pick<Material, 'licenseTypeCode' | 'condition' | 'count' | 'note'>>;

type Optional = 'aliases' | 'conditions' | 'process' | 'legalLimitDays' | 'fees' | 'crossRegion' | 'highFrequency' | 'highFrequencyRank';

/** An item's content as a writer states it. */
export type ContentInput = Omit<ItemContent, Optional | 'materials'> & Partial<Pick<ItemContent, Optional>> & { materials: MaterialInput[] };

/** Fills the optional parts of a content input and normalises it. */
export function completeContent(input: ContentInput): ItemContent {
  return normaliseContent({
    aliases: [],
    conditions: '',
    process: [],
    fees: [],
    crossRegion: [],
    highFrequency: false,
    ...input,
    legalLimitDays: input.legalLimitDays ?? null,
    highFrequencyRank: input.highFrequencyRank ?? null,
    materials: input.materials.map((m) => ({
      name: m.name,
      licenseTypeCode: m.licenseTypeCode ?? null,
      form: m.form,
      requirement: m.requirement,
      condition: m.condition ?? null,
      count: m.count ?? 1,
      note: m.note ?? '',
    })),
  });
}

/**
 * Checks everything an item's content must satisfy: the model's rules, the form schema,
 * and the cross-region divisions (known prefecture- or county-level divisions other than
 * the item's own city).
 */
export async function assertAcceptable(content: ItemContent, itemDivision: string, divisions: Pick<OrgService, 'getDivision'>): Promise<void> {
  assertValidContent(content);
  assertValidFormSchema(content.formSchema);
  for (const code of content.crossRegion) {
    const parsed = parseDivisionCode(code);
    const level = parsed.ok ? parsed.value.level : null;
    if (!parsed.ok || parsed.value.code !== code || (level !== 'prefecture' && level !== 'county')) {
      throw UnknownRegion({ code, reason: 'level' });
    }
    if (itemDivision.startsWith(parsed.value.prefix)) {
      throw UnknownRegion({ code, reason: 'own' });
    }
    if (!(await divisions.getDivision(code))) {
      throw UnknownRegion({ code, reason: 'unknown' });
    }
  }
}
