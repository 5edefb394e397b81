import { describe, expect, it } from 'vitest';
import { assertValidContent, normaliseContent, requiredGrade, sameContent, type ResourceContent, type ResourceField } from './catalog.model.js';

const field = (name: string, sensitivity: ResourceField['sensitivity']): ResourceField => ({ name, label: name, type: 'string', description: '', sensitivity });

const base: ResourceContent = {
  name: '医疗机构名录',
  description: '',
  category: '',
  fields: [field('institution_name', 'general')],
  updateCycle: 'monthly',
  shareAttribute: 'unconditional',
  shareCondition: null,
  openAttribute: 'unconditional',
  openCondition: null,
  grade: 'general',
  tags: [],
};

const codeOf = (content: ResourceContent) => {
  try {
    assertValidContent(content);
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('resource rules', () => {
  it('takes the required grade from the most sensitive field', () => {
    expect(requiredGrade([field('a', 'general'), field('b', 'core'), field('c', 'important')])).toBe('core');
    expect(requiredGrade([])).toBe('general');
  });

  it('refuses a grade below a field, naming the fields above it', () => {
    const content = { ...base, openAttribute: 'none' as const, shareAttribute: 'none' as const, fields: [field('a', 'important'), field('b', 'core')], grade: 'important' as const };
    expect(() => assertValidContent(content)).toThrow(expect.objectContaining({ code: 'CATALOG_GRADE_TOO_LOW', details: { grade: 'important', required: 'core', fields: ['b'] } }));
    expect(codeOf({ ...content, grade: 'core' })).toBeNull();
  });

  it('requires the condition of a conditional attribute', () => {
    expect(codeOf({ ...base, shareAttribute: 'conditional' })).toBe('CATALOG_CONDITION_REQUIRED');
    expect(codeOf({ ...base, shareAttribute: 'conditional', shareCondition: '  ' })).toBe('CATALOG_CONDITION_REQUIRED');
    expect(codeOf({ ...base, openAttribute: 'conditional', openCondition: '经审核' })).toBeNull();
  });

  it('opens only general data without condition, and never opens or freely shares core data', () => {
    expect(codeOf({ ...base, grade: 'important' })).toBe('CATALOG_ATTRIBUTE_GRADE_CONFLICT');
    expect(codeOf({ ...base, grade: 'important', openAttribute: 'conditional', openCondition: '脱敏后' })).toBeNull();
    expect(codeOf({ ...base, grade: 'core', openAttribute: 'none' })).toBe('CATALOG_ATTRIBUTE_GRADE_CONFLICT');
    expect(codeOf({ ...base, grade: 'core', openAttribute: 'none', shareAttribute: 'none' })).toBeNull();
  });

  it('refuses two fields with the same name in any case', () => {
    expect(codeOf({ ...base, fields: [field('Name', 'general'), field('name', 'general')] })).toBe('CATALOG_DUPLICATE_FIELD');
  });

  it('normalises texts, drops conditions that do not apply and repeated tags', () => {
    const normalised = normaliseContent({ ...base, name: ' 名录 ', shareCondition: '多余', tags: ['医疗', ' 医疗 ', ''] });
    expect(normalised).toMatchObject({ name: '名录', shareCondition: null, tags: ['医疗'] });
    expect(sameContent(normalised, normaliseContent({ ...normalised }))).toBe(true);
    expect(sameContent(normalised, { ...normalised, tags: ['医院'] })).toBe(false);
  });
});
