/**
 * The catalog's vocabulary (GB/T 21063, 政务信息资源目录编制指南; grades after GB/T 43697-2024)
 * and the rules every resource obeys, whoever writes it.
 */
import {
  AttributeGradeConflict,
  ConditionRequired,
  DuplicateField,
  GradeTooLow,
} from './catalog.errors.js';

/** 一般 / 重要 / 核心: of a resource (grade) and of each field (sensitivity), lowest first. */
export const GRADES = ['general', 'important', 'core'] as const;
export type Grade = (typeof GRADES)[number];

/** 实时 / 每日 / 每周 / 每月 / 每季度 / 每年 / 不定期. */
export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] as const;
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];

/** 无条件 / 有条件 / 不予 — for sharing between departments and for opening to the public. */
export const ATTRIBUTES = ['unconditional', 'conditional', 'none'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

export const STATUSES = ['draft', 'published', 'retired'] as const;
export type Status = (typeof STATUSES)[number];

export const FIELD_TYPES = ['string', 'integer', 'number', 'date', 'datetime', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One information item (信息项) of a resource. */
export interface ResourceField {
  /** Machine name, e.g. `id_number`. Unique within the resource. */
  name: string;
  /** Chinese label, e.g. 公民身份号码. */
  label: string;
  type: FieldType;
  description: string;
  sensitivity: Grade;
}

/** What a writer states about a resource; everything but identity, status and version. */
export interface ResourceContent {
  name: string;
  description: string;
  category: string;
  fields: ResourceField[];
  updateCycle: UpdateCycle;
  shareAttribute: Attribute;
  /** The condition (有条件共享) or the basis (不予共享); required when conditional. */
  shareCondition: string | null;
  openAttribute: Attribute;
  openCondition: string | null;
  grade: Grade;
  tags: string[];
}

export interface ResourceOwner {
  id: string;
  code: string;
  name: string;
  divisionCode: string;
}

/** A resource as the catalog holds it. */
export interface Resource extends ResourceContent {
  id: string;
  code: string;
  owner: ResourceOwner;
  status: Status;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

export const gradeRank = (grade: Grade): number => GRADES.indexOf(grade);

/** The lowest grade the resource may carry: that of its most sensitive field. */
export function requiredGrade(fields: readonly ResourceField[]): Grade {
  let highest: Grade = 'general';
  for (const field of fields) {
    if (gradeRank(field.sensitivity) > gradeRank(highest)) {
      highest = field.sensitivity;
    }
  }
  return highest;
}

/**
 * Checks a resource's content; throws the first rule it breaks:
 * - field names are unique (case-insensitively);
 * - the grade is at least the most sensitive field's (CATALOG_GRADE_TOO_LOW);
 * - conditional sharing or opening states its condition;
 * - only general data is opened without condition, core data is neither opened nor
 *   shared without condition.
 */
export function assertValidContent(content: ResourceContent): void {
  const seen = new Set<string>();
  for (const field of content.fields) {
    const key = field.name.toLowerCase();
    if (seen.has(key)) {
      throw DuplicateField({ field: field.name });
    }
    seen.add(key);
  }
  const required = requiredGrade(content.fields);
  if (gradeRank(content.grade) < gradeRank(required)) {
    const fields = content.fields.filter((f) => gradeRank(f.sensitivity) > gradeRank(content.grade)).map((f) => f.name);
    throw GradeTooLow({ grade: content.grade, required, fields });
  }
  if (content.shareAttribute === 'conditional' && !content.shareCondition?.trim()) {
    throw ConditionRequired({ attribute: 'share' });
  }
  if (content.openAttribute === 'conditional' && !content.openCondition?.trim()) {
    throw ConditionRequired({ attribute: 'open' });
  }
  if (content.openAttribute === 'unconditional' && content.grade !== 'general') {
    throw AttributeGradeConflict({ attribute: 'open', value: content.openAttribute, grade: content.grade });
  }
  if (content.grade === 'core' && content.openAttribute !== 'none') {
    throw AttributeGradeConflict({ attribute: 'open', value: content.openAttribute, grade: content.grade });
  }
  if (content.grade === 'core' && content.shareAttribute === 'unconditional') {
    throw AttributeGradeConflict({ attribute: 'share', value: content.shareAttribute, grade: content.grade });
  }
}

/** Trims texts, drops conditions that do not apply, de-duplicates tags (order kept). */
export function normaliseContent(content: ResourceContent): ResourceContent {
  const text = (value: string | null) => (value === null ? null : value.trim() || null);
  return {
    ...content,
    name: content.name.trim(),
    description: content.description.trim(),
    category: content.category.trim(),
    fields: content.fields.map((f) => ({ ...f, name: f.name.trim(), label: f.label.trim(), description: f.description.trim() })),
    shareCondition: content.shareAttribute === 'unconditional' ? null : text(content.shareCondition),
    openCondition: content.openAttribute === 'unconditional' ? null : text(content.openCondition),
    tags: [...new Set(content.tags.map((tag) => tag.trim()).filter((tag) => tag !== ''))],
  };
}

/** True when two contents are the same (after normalisation). */
export function sameContent(a: ResourceContent, b: ResourceContent): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(c: ResourceContent) {
  return [
    c.name,
    c.description,
    c.category,
    c.fields.map((f) => [f.name, f.label, f.type, f.description, f.sensitivity]),
    c.updateCycle,
    c.shareAttribute,
    c.shareCondition,
    c.openAttribute,
    c.openCondition,
    c.grade,
    c.tags,
  ];
}

/** The content part of a resource. */
export function contentOf(resource: Resource): ResourceContent {
  const { name, description, category, fields, updateCycle, shareAttribute, shareCondition, openAttribute, openCondition, grade, tags } = resource;
  return { name, description, category, fields, updateCycle, shareAttribute, shareCondition, openAttribute, openCondition, grade, tags };
}
