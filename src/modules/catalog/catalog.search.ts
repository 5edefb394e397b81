/**
 * What the catalog indexes for Chinese full-text search, and under which weight; the
 * segmentation and the tsvector / tsquery literals come from the kernel.
 */
import type { WeightedTexts } from '../../kernel/text/index.js';
import type { ResourceContent } from './catalog.model.js';

export { searchVectorLiteral, textQuery } from '../../kernel/text/index.js';

/** The texts of a resource by weight: name A; tags, category, fields B; descriptions C; code D. */
export function weightedTexts(resource: ResourceContent & { code: string; ownerName: string }): WeightedTexts {
  return {
    A: [resource.name],
    B: [resource.category, ...resource.tags, ...resource.fields.flatMap((f) => [f.label, f.name])],
    C: [resource.description, resource.ownerName, ...resource.fields.map((f) => f.description)],
    D: [resource.code],
  };
}
