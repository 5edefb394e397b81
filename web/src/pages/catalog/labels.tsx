import { Tag } from 'antd';
import { Fragment, type ReactNode } from 'react';
import type { Attribute, Grade, ResourceStatus, UpdateCycle, FieldType } from '../../api/catalog';
import { isApiError } from '../../api/client';
import type { MessageKey, Translate } from '../../i18n';

const gradeColors: Record<Grade, string> = { general: 'blue', important: 'orange', core: 'red' };
const attributeColors: Record<Attribute, string> = { unconditional: 'green', conditional: 'gold', none: 'default' };
const statusColors: Record<ResourceStatus, string> = { draft: 'default', published: 'success', retired: 'error' };

export const gradeLabel = (t: Translate, grade: Grade) => t(`catalog.grade.${grade}`);
export const cycleLabel = (t: Translate, cycle: UpdateCycle) => t(`catalog.cycle.${cycle}`);
export const shareLabel = (t: Translate, value: Attribute) => t(`catalog.share.${value}`);
export const openLabel = (t: Translate, value: Attribute) => t(`catalog.open.${value}`);
export const statusLabel = (t: Translate, status: ResourceStatus) => t(`catalog.status.${status}`);
export const fieldTypeLabel = (t: Translate, type: FieldType) => t(`catalog.fieldType.${type}`);

export function GradeTag({ grade, t }: { grade: Grade; t: Translate }) {
  return <Tag color={gradeColors[grade]}>{gradeLabel(t, grade)}</Tag>;
}

export function ShareTag({ value, t }: { value: Attribute; t: Translate }) {
  return <Tag color={attributeColors[value]}>{shareLabel(t, value)}</Tag>;
}

export function OpenTag({ value, t }: { value: Attribute; t: Translate }) {
  return <Tag color={attributeColors[value]}>{openLabel(t, value)}</Tag>;
}

export function StatusTag({ status, t }: { status: ResourceStatus; t: Translate }) {
  return <Tag color={statusColors[status]}>{statusLabel(t, status)}</Tag>;
}

/** Marks the search's tokens in `text` (longest first, case-insensitive). */
export function Highlight({ text, tokens }: { text: string; tokens: readonly string[] }): ReactNode {
  const words = [...tokens].filter((w) => w.trim() !== '').sort((a, b) => b.length - a.length);
  if (words.length === 0) {
    return text;
  }
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = text.split(new RegExp(`(${escaped.join('|')})`, 'gi'));
  return parts.map((part, index) =>
    index % 2 === 1 ? <mark key={index}>{part}</mark> : <Fragment key={index}>{part}</Fragment>,
  );
}

const errorMessages: Record<string, MessageKey> = {
  CATALOG_VERSION_CONFLICT: 'catalog.error.versionConflict',
  CATALOG_GRADE_TOO_LOW: 'catalog.error.gradeTooLow',
  CATALOG_NOT_OWNER: 'catalog.error.notOwner',
  CATALOG_CONDITION_REQUIRED: 'catalog.error.conditionRequired',
  CATALOG_ATTRIBUTE_GRADE_CONFLICT: 'catalog.error.attributeGrade',
  CATALOG_DUPLICATE_FIELD: 'catalog.error.duplicateField',
  CATALOG_INVALID_STATUS_CHANGE: 'catalog.error.invalidStatus',
};

/** What to tell the user about a failed write, by the server's error code. */
export function writeErrorMessage(t: Translate, error: unknown): string {
  if (isApiError(error)) {
    const key = errorMessages[error.code];
    if (key !== undefined) {
      return t(key);
    }
    return error.code === 'NETWORK_ERROR' ? t('error.network') : t('error.generic', { code: error.code });
  }
  return t('error.generic', { code: 'CLIENT_ERROR' });
}
