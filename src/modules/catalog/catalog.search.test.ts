import { describe, expect, it } from 'vitest';
import { quote, searchVectorLiteral, textQuery, tokenize, weightedTexts } from './catalog.search.js';

describe('tokenize', () => {
  it('segments Chinese in search mode, keeping the whole word and its parts', () => {
    expect(tokenize('市场主体登记信息')).toEqual(['市场', '场主', '主体', '市场主体', '登记', '信息']);
    expect(tokenize('人口基本信息')).toEqual(['人口', '基本', '信息']);
  });

  it('lower-cases, folds full-width characters and drops punctuation', () => {
    expect(tokenize('ＰＭ２.５浓度，ID_Number！')).toEqual(expect.arrayContaining(['pm2.5', '浓度', 'id', 'number']));
    expect(tokenize('，。！ ;; -- ')).toEqual([]);
  });
});

describe('searchVectorLiteral', () => {
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

  it('quotes quotes and backslashes so that any token stays one lexeme', () => {
    expect(quote("it's\\")).toBe("'it''s\\\\'");
    expect(searchVectorLiteral({ A: ["it's"], B: [], C: [], D: [] })).toBe("'it':1A 's':2A");
  });
});

describe('textQuery', () => {
  it('requires each word, whole or as all of its parts', () => {
    expect(textQuery('公交站点')?.all).toBe("('公交站点' | '公交' & '站点')");
    expect(textQuery('市场主体登记')?.all).toBe("('市场主体' | '市场' & '主体') & '登记'");
    expect(textQuery('人口')).toEqual({ all: "'人口'", any: "'人口'", tokens: ['人口'], phrase: '人口' });
    expect(textQuery('420700-GAJ-000001')?.all).toBe("'420700' & 'gaj' & '000001'");
  });

  it('turns operators and quotes into plain quoted words, or into nothing', () => {
    expect(textQuery("'; drop table catalog_resource; --")?.all).toBe("'drop' & 'table' & 'catalog' & 'resource'");
    expect(textQuery('人口 & | ! :* \\ (')?.all).toBe("'人口'");
    expect(textQuery('!!! ；')).toBeNull();
  });
});
