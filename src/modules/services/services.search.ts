/** What an item offers to Chinese full-text search, and the words a search may leave out. */
import type { WeightedTexts } from '../../kernel/text/index.js';
import type { ItemContent } from './services.model.js';

/** The texts of an item by weight: name A; aliases B; organisation and materials C; codes D. */
export function weightedTexts(item: Pick<ItemContent, 'name' | 'aliases' | 'materials'> & { code: string; basicCode: string; organisationName: string }): WeightedTexts {
  return {
    A: [item.name],
    B: item.aliases,
    C: [item.organisationName, ...item.materials.map((m) => m.name)],
    D: [item.code, item.basicCode],
  };
}

/**
 * Words of how people ask (怎么办理户口迁移, 我想迁户口到鄂州) that say nothing about which
 * item they want; a search made only of them is taken as it is.
 */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  '我', '我要', '我想', '想', '要', '需要', '如何', '怎么', '怎样', '怎么办', '咋', '哪里', '在哪', '在哪里', '哪儿', '去哪', '什么', '哪些',
  '的', '了', '吗', '呢', '啊', '吧', '去', '到', '在', '给', '办', '办理', '申请', '手续', '流程', '材料', '条件', '要求',
]);
