import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors/index.js';
import { searchVectorLiteral, textQuery } from '../../kernel/text/index.js';
import { implementationCode, levelOf } from './services.codes.js';
import { completeContent } from './services.content.js';
import { assertValidFormSchema } from './services.form-schema.js';
import { assertValidContent, changedKeys, sameContent } from './services.model.js';
import { FILLER_WORDS, weightedTexts } from './services.search.js';

const codeOf = (work: () => void): string => {
  try {
    work();
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

const content = completeContent({
  name: '户籍迁移',
  type: 'confirmation',
  subjects: ['natural_person'],
  basis: '《中华人民共和国户口登记条例》第十条',
  legalLimitDays: 20,
  promisedLimitDays: 1,
  materials: [{ name: '居民户口簿', form: 'original', requirement: 'required', licenseTypeCode: '11100000020001000X002' }],
  channels: ['online', 'window'],
  onlineDepth: 'online_apply',
  formSchema: { type: 'object', properties: { applicantName: { type: 'string' } } },
});

describe('implementation codes', () => {
  it('join the basic code, the 12-digit division, 000, the credit code and 1-00', () => {
    expect(implementationCode('070000100000', { divisionCode: '420700', creditCode: '114207000108733157' })).toBe('070000100000-420700000000-000-114207000108733157-1-00');
    expect(implementationCode('070000100000', { divisionCode: '420704001', creditCode: '11420704010874123P' })).toBe('070000100000-420704001000-000-11420704010874123P-1-00');
  });

  it('take the level from the division', () => {
    expect([levelOf('420000'), levelOf('420700'), levelOf('420704'), levelOf('420704001'), levelOf('420704001001'), levelOf('42x')]).toEqual(['province', 'city', 'county', 'township', null, null]);
  });
});

describe('assertValidFormSchema', () => {
  it('accepts an object form with formats, enums, arrays and local references', () => {
    expect(
      codeOf(() =>
        assertValidFormSchema({
          $schema: 'http://json-schema.org/draft-07/schema#',
          type: 'object',
          definitions: { date: { type: 'string', format: 'date' } },
          properties: { birthDate: { $ref: '#/definitions/date' }, gender: { type: 'string', enum: ['男', '女'] }, items: { type: 'array', items: { type: 'string' } } },
          required: ['birthDate'],
          additionalProperties: false,
        }),
      ),
    ).toBe('ok');
  });

  it('refuses what is not a valid object form, saying where', () => {
    const issues = (schema: unknown) => {
      try {
        assertValidFormSchema(schema);
        return null;
      } catch (error) {
        return (error as AppError).details as { issues: Array<{ path: string; message: string }> };
      }
    };
    expect(issues([])?.issues[0]?.message).toBe('must be an object');
    expect(issues({ type: 'object' })).not.toBeNull();
    expect(issues({ type: 'object', properties: { a: { type: 'strin' } } })?.issues.length).toBeGreaterThan(0);
    expect(issues({ type: 'object', properties: { a: { type: 'string', minLength: 'two' } } })).not.toBeNull();
    expect(issues({ type: 'object', properties: { a: { type: 'string', pattern: '(' } } })).not.toBeNull();
    expect(issues({ type: 'object', properties: { a: { typo: 'string' } } })?.issues[0]?.message).toMatch(/unknown keyword/);
    expect(issues({ type: 'object', properties: { a: { $ref: 'https://example.com/form.json' } } })).not.toBeNull();
    expect(issues({ type: 'object', properties: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`field${i}`, { type: 'string' }])) })?.issues[0]?.message).toMatch(/exceed/);
  });

  it('compiles the same schema twice (nothing is left cached between writes)', () => {
    const schema = { $id: 'https://yiwang.example/forms/a', type: 'object', properties: { a: { type: 'string' } } };
    expect(codeOf(() => assertValidFormSchema(schema))).toBe('ok');
    expect(codeOf(() => assertValidFormSchema({ ...schema }))).toBe('ok');
  });
});

describe('item content', () => {
  it('keeps the promised limit within the legal one and conditional materials explained', () => {
    expect(codeOf(() => assertValidContent(content))).toBe('ok');
    expect(codeOf(() => assertValidContent({ ...content, promisedLimitDays: 21 }))).toBe('SERVICES_PROMISE_EXCEEDS_LEGAL_LIMIT');
    expect(codeOf(() => assertValidContent({ ...content, legalLimitDays: null, promisedLimitDays: 21 }))).toBe('ok');
    const conditional = { ...content.materials[0]!, name: '结婚证', requirement: 'conditional' as const, condition: null };
    expect(codeOf(() => assertValidContent({ ...content, materials: [conditional] }))).toBe('SERVICES_MATERIAL_CONDITION_REQUIRED');
    expect(codeOf(() => assertValidContent({ ...content, materials: [content.materials[0]!, content.materials[0]!] }))).toBe('SERVICES_DUPLICATE_MATERIAL');
    expect(codeOf(() => assertValidContent({ ...content, channels: ['window'] }))).toBe('SERVICES_CHANNEL_DEPTH_CONFLICT');
    expect(codeOf(() => assertValidContent({ ...content, channels: ['window'], onlineDepth: 'consult' }))).toBe('ok');
  });

  it('fills defaults, trims, and drops what does not apply', () => {
    const completed = completeContent({
      ...content,
      name: ' 户籍迁移 ',
      aliases: ['迁户口', ' 迁户口', '户籍迁移', ''],
      materials: [{ name: ' 委托书 ', form: 'original', requirement: 'required', condition: '委托他人办理的' }],
      highFrequency: false,
      highFrequencyRank: 3,
    });
    expect(completed).toMatchObject({ name: '户籍迁移', aliases: ['迁户口'], highFrequencyRank: null, fees: [], crossRegion: [] });
    expect(completed.materials).toEqual([{ name: '委托书', licenseTypeCode: null, form: 'original', requirement: 'required', condition: null, count: 1, note: '' }]);
  });

  it('compares materials whatever their key order (jsonb reorders keys), form fields in their order', () => {
    const material = content.materials[0]!;
    const reordered = { ...content, materials: [Object.fromEntries(Object.entries(material).reverse()) as typeof material] };
    expect(sameContent(content, reordered)).toBe(true);
    const fields = { a: { type: 'string' }, b: { type: 'string' } };
    const form = (properties: object) => ({ ...content, formSchema: { type: 'object', properties } });
    expect(sameContent(form(fields), form({ b: fields.b, a: fields.a }))).toBe(false);
    expect(sameContent(form(fields), form({ ...fields }))).toBe(true);
    expect(changedKeys(content, { ...content, promisedLimitDays: 2, aliases: ['落户'] })).toEqual(['aliases', 'promisedLimitDays']);
  });
});

describe('search texts', () => {
  it('weights the name A, aliases B, organisation and materials C, codes D', () => {
    const literal = searchVectorLiteral(
      weightedTexts({ ...content, aliases: ['迁户口'], code: '070000100000-420700000000-000-114207000108733157-1-00', basicCode: '070000100000', organisationName: '鄂州市公安局' }),
    );
    expect(literal.startsWith("'户籍':1A '迁移':2A '迁':3B '户口':4B '鄂州':5C")).toBe(true);
    expect(literal).toContain("'户口簿':");
    expect(literal).toMatch(/'070000100000':\d+ /);
  });

  it('leaves the filler words of a question out of the query', () => {
    expect(textQuery('我想迁户口到鄂州', { ignore: FILLER_WORDS })?.all).toBe("'迁' & '户口' & '鄂州'");
    expect(textQuery('怎么办理', { ignore: FILLER_WORDS })?.all).toBe("'怎么' & '办理'");
  });
});
