import { describe, expect, it } from 'vitest';
import { searchVectorLiteral, weightedTexts } from './catalog.search.js';

describe('weightedTexts', () => {
  it('weights the name A, tags and fields B, texts C, the code D, with running positions', () => {
    const literal = searchVectorLiteral(
      weightedTexts({
        code: '420700-gaj-000001',
        ownerName: '鄂州市公安局',
        name: '人口信息',
        description: '户籍',
        category: '',
        tags: ['身份'],
        fields: [{ name: 'id_number', label: '号码', type: 'string', description: '', sensitivity: 'important' }],
        updateCycle: 'daily',
        shareAttribute: 'none',
        shareCondition: null,
        openAttribute: 'none',
        openCondition: null,
        grade: 'important',
      }),
    );
    expect(literal.startsWith("'人口':1A '信息':2A '身份':3B '号码':4B 'id':5B 'number':6B '户籍':7C '鄂州':8C")).toBe(true);
    expect(literal).toContain("'公安局':12C");
    expect(literal.endsWith("'420700':13 'gaj':14 '000001':15")).toBe(true);
  });
});
