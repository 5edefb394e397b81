import { describe, expect, it } from 'vitest';
import type { Rule } from './applications.model.js';
import { checkRules, evaluateRules, readPath, type RuleContext } from './instant-rules.js';

const context: RuleContext = {
  form: { age: 70, bank: '湖北银行', items: ['预包装食品销售', '散装食品销售'], note: '' },
  registry: { person: { age: 89, householdDivision: '420704003', status: '正常', birthDate: '1936-09-01' } },
  materials: { 经营场所使用相关文件: 'license', 近期照片: 'upload' },
};

describe('evaluateRules', () => {
  it('passes when every rule passes, with a trace of each', () => {
    const rules: Rule[] = [
      { field: 'form.age', op: '>=', value: 60, label: '年满60周岁（申请表）' },
      { registry: 'person.householdDivision', op: 'startsWith', value: '4207' },
      { registry: 'person.status', op: '=', value: '正常' },
      { field: 'form.bank', op: 'in', value: ['湖北银行', '中国银行'] },
      { field: 'form.items', op: 'notIn', value: ['热食类食品制售'] },
      { material: '经营场所使用相关文件', op: '=', value: 'license' },
      { registry: 'person.birthDate', op: '<', value: '1966-01-01' },
    ];
    const result = evaluateRules(rules, context);
    expect(result.passed).toBe(true);
    expect(result.trace).toHaveLength(7);
    expect(result.trace[0]).toEqual({ rule: 1, label: '年满60周岁（申请表）', source: 'form.age', op: '>=', expected: 60, actual: 70, passed: true });
    expect(result.trace[1]).toMatchObject({ source: 'registry.person.householdDivision', actual: '420704003', passed: true });
    expect(result.trace[5]).toMatchObject({ source: 'material:经营场所使用相关文件', actual: 'license', passed: true });
  });

  it('evaluates every rule and names the ones that fail, missing values and mismatched types included', () => {
    const rules: Rule[] = [
      { registry: 'person.age', op: '<', value: 60 },
      { registry: 'entity.status', op: '=', value: '存续' },
      { field: 'form.bank', op: '>', value: 3 },
      { material: '近期照片', op: '=', value: 'license' },
      { material: '不存在的材料', op: '=', value: 'none' },
      { field: 'form.note', op: 'exists' },
    ];
    const result = evaluateRules(rules, context);
    expect(result.passed).toBe(false);
    expect(result.trace.map((t) => [t.passed, t.reason])).toEqual([
      [false, undefined],
      [false, 'missing'],
      [false, 'type'],
      [false, undefined],
      [true, undefined],
      [false, undefined],
    ]);
  });

  it('never passes without rules', () => {
    expect(evaluateRules([], context)).toEqual({ passed: false, trace: [] });
  });
});

describe('readPath', () => {
  it('reads own properties only', () => {
    expect(readPath({ form: { a: { b: 1 } } }, 'form.a.b')).toBe(1);
    expect(readPath({ form: {} }, 'form.constructor')).toBeUndefined();
    expect(readPath({ form: [1] }, 'form.0')).toBeUndefined();
  });
});

describe('checkRules', () => {
  const known = { formFields: ['age', 'bank'], materials: ['近期照片'] };

  it('accepts well-formed rules', () => {
    expect(checkRules([{ field: 'form.age', op: '>=', value: 18 }, { registry: 'person.householdDivision', op: 'startsWith', value: '4207' }, { material: '近期照片', op: 'in', value: ['license', 'upload'] }, { field: 'form.bank', op: 'exists' }], known)).toEqual([]);
  });

  it('refuses unknown sources, identifiers, two sources and values that do not suit the operator', () => {
    const issues = checkRules(
      [
        { field: 'form.height', op: '>', value: 1 },
        { registry: 'person.idNumber', op: 'exists' },
        { field: 'form.age', registry: 'person.age', op: '>', value: 1 },
        { field: 'form.age', op: 'in', value: 18 },
        { material: '营业执照', op: '=', value: 'license' },
        { field: 'form.age', op: 'like' as never, value: 1 },
      ],
      known,
    );
    expect(issues.map((i) => i.path)).toEqual(['/instantRules/0/field', '/instantRules/1/registry', '/instantRules/2', '/instantRules/3/value', '/instantRules/4/material', '/instantRules/5/op']);
  });
});
