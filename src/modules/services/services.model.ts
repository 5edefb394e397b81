/**
 * The vocabulary of service items (政务服务事项 / 实施清单; fields after GB/T 39554.1 and the
 * live provincial platforms, see STANDARDS.md) and the rules every item obeys, whoever
 * writes it.
 */
import {
  ChannelDepthConflict,
  DuplicateMaterial,
  MaterialConditionRequired,
  PromiseExceedsLegalLimit,
} from './services.errors.js';

/** 行政许可 / 行政确认 / 行政给付 / 行政奖励 / 行政裁决 / 其他行政权力 / 公共服务. */
export const ITEM_TYPES = ['licensing', 'confirmation', 'benefit', 'reward', 'adjudication', 'other_power', 'public_service'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** 行使层级, from the implementing organisation's division: 省级 / 市级 / 县(区)级 / 乡镇(街道)级. */
export const LEVELS = ['province', 'city', 'county', 'township'] as const;
export type Level = (typeof LEVELS)[number];

/** 服务对象: 自然人 / 法人（含其他组织）. */
export const SUBJECTS = ['natural_person', 'legal_person'] as const;
export type Subject = (typeof SUBJECTS)[number];

/** 办理渠道: 网上办 / 窗口办 / 掌上办 / 自助办. */
export const CHANNELS = ['online', 'window', 'mobile', 'self_service'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * 网上办理深度, lowest first: Ⅰ 网上咨询 (guide only), Ⅱ 网上预审, Ⅲ 网上申请 (applied online,
 * verified or collected on site), Ⅳ 全程网办 (no visit).
 */
export const ONLINE_DEPTHS = ['consult', 'pre_review', 'online_apply', 'full_online'] as const;
export type OnlineDepth = (typeof ONLINE_DEPTHS)[number];

export const STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];

/** 原件 / 复印件 / 电子件. */
export const MATERIAL_FORMS = ['original', 'copy', 'electronic'] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number];

/** 必要 / 容缺或按情形提交. */
export const REQUIREMENTS = ['required', 'conditional'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

/** One required material (申请材料). */
export interface Material {
  name: string;
  /**
   * 证照类型代码 (GB/T 36903: the defining agency's credit code and a 3-digit sequence) of
   * an e-license that replaces the paper: the applicant need not submit it (免提交).
   */
  licenseTypeCode: string | null;
  form: MaterialForm;
  requirement: Requirement;
  /** When a conditional material is needed, e.g. 委托他人办理的; null for a required one. */
  condition: string | null;
  /** Number of copies (份数). */
  count: number;
  note: string;
}

/** One fee (收费项目); an item without fees is free of charge (不收费). */
export interface Fee {
  name: string;
  /** The amount as the standard states it, e.g. 住宅类 80 元/件. */
  standard: string;
  /** 收费依据. */
  basis: string;
}

/** What a writer states about an item: everything but identity, organisation, status and version. */
export interface ItemContent {
  name: string;
  /** Other names and the words people search with (迁户口, 上户口 …). */
  aliases: string[];
  type: ItemType;
  subjects: Subject[];
  /** 设定依据: laws and regulations, with articles. */
  basis: string;
  /** 受理条件. */
  conditions: string;
  /** 办理流程, one step per entry. */
  process: string[];
  /** 法定办结时限 in working days; null where no law sets one. */
  legalLimitDays: number | null;
  /** 承诺办结时限 in working days; 0 for 即办. */
  promisedLimitDays: number;
  materials: Material[];
  fees: Fee[];
  channels: Channel[];
  onlineDepth: OnlineDepth;
  /** 跨域通办: division codes of the other cities whose residents may apply here. */
  crossRegion: string[];
  /** JSON Schema (draft-07) of the application form. */
  formSchema: Record<string, unknown>;
  highFrequency: boolean;
  /** Position in the high-frequency list (1 first); null when not high-frequency. */
  highFrequencyRank: number | null;
}

/** The implementing organisation (实施主体), copied from the org module when written. */
export interface ItemOrganisation {
  id: string;
  code: string;
  name: string;
  divisionCode: string;
  creditCode: string;
}

/** An item as the module holds it. */
export interface Item extends ItemContent {
  id: string;
  /** 实施编码, see `implementationCode`. */
  code: string;
  /** 基本编码. */
  basicCode: string;
  organisation: ItemOrganisation;
  level: Level;
  status: Status;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

const depthRank = (depth: OnlineDepth) => ONLINE_DEPTHS.indexOf(depth);

/**
 * Checks an item's content; throws the first rule it breaks:
 * - the promised limit is within the legal one;
 * - material names are unique, and a conditional material says when it is needed;
 * - any online depth beyond 网上咨询 needs an online or mobile channel.
 * Cross-region codes and the form schema are checked by the service.
 */
export function assertValidContent(content: ItemContent): void {
  if (content.legalLimitDays !== null && content.promisedLimitDays > content.legalLimitDays) {
    throw PromiseExceedsLegalLimit({ legalLimitDays: content.legalLimitDays, promisedLimitDays: content.promisedLimitDays });
  }
  const seen = new Set<string>();
  for (const material of content.materials) {
    if (seen.has(material.name)) {
      throw DuplicateMaterial({ material: material.name });
    }
    seen.add(material.name);
    if (material.requirement === 'conditional' && !material.condition) {
      throw MaterialConditionRequired({ material: material.name });
    }
  }
  if (depthRank(content.onlineDepth) > 0 && !content.channels.some((c) => c === 'online' || c === 'mobile')) {
    throw ChannelDepthConflict({ onlineDepth: content.onlineDepth, channels: content.channels });
  }
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** Trims texts, drops what does not apply, de-duplicates lists (order kept). */
export function normaliseContent(content: ItemContent): ItemContent {
  return {
    ...content,
    name: content.name.trim(),
    aliases: unique(content.aliases.map((a) => a.trim()).filter((a) => a !== '' && a !== content.name.trim())),
    subjects: unique(content.subjects),
    basis: content.basis.trim(),
    conditions: content.conditions.trim(),
    process: content.process.map((step) => step.trim()).filter((step) => step !== ''),
    materials: content.materials.map((m) => ({
      ...m,
      name: m.name.trim(),
      condition: m.requirement === 'conditional' ? m.condition?.trim() || null : null,
      note: m.note.trim(),
    })),
    fees: content.fees.map((f) => ({ name: f.name.trim(), standard: f.standard.trim(), basis: f.basis.trim() })),
    channels: unique(content.channels),
    crossRegion: unique(content.crossRegion),
    highFrequencyRank: content.highFrequency ? content.highFrequencyRank : null,
  };
}

const CONTENT_KEYS = [
  'name',
  'aliases',
  'type',
  'subjects',
  'basis',
  'conditions',
  'process',
  'legalLimitDays',
  'promisedLimitDays',
  'materials',
  'fees',
  'channels',
  'onlineDepth',
  'crossRegion',
  'formSchema',
  'highFrequency',
  'highFrequencyRank',
] as const satisfies ReadonlyArray<keyof ItemContent>;

/** The content part of an item, keys in a fixed order. */
export function contentOf(item: ItemContent): ItemContent {
  return Object.fromEntries(CONTENT_KEYS.map((key) => [key, item[key]])) as unknown as ItemContent;
}

/**
 * JSON with object keys sorted, so that two equal contents compare equal as text (jsonb
 * reorders keys). The form schema is compared as written: its fields' order is the form's.
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** True when two contents are the same (after normalisation). */
export function sameContent(a: ItemContent, b: ItemContent): boolean {
  return changedKeys(a, b).length === 0;
}

/** The content keys that differ, for the audit record. */
export function changedKeys(before: ItemContent, after: ItemContent): string[] {
  const text = (content: ItemContent, key: (typeof CONTENT_KEYS)[number]) =>
    key === 'formSchema' ? JSON.stringify(content[key]) : canonicalJson(content[key]);
  return CONTENT_KEYS.filter((key) => text(before, key) !== text(after, key));
}
