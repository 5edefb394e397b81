import { describe, expect, it } from 'vitest';
import { quote, searchVectorLiteral, textQuery, tokenize } from './index.js';

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
  it('weights each text as given, with positions running on across the weights', () => {
    const literal = searchVectorLiteral({ A: ['人口信息'], B: ['身份'], C: ['户籍'], D: ['420700-gaj-000001'] });
    expect(literal).toBe("'人口':1A '信息':2A '身份':3B '户籍':4C '420700':5 'gaj':6 '000001':7");
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

  it('leaves out words to ignore, unless nothing else is left', () => {
    const ignore = new Set(['怎么', '办理']);
    expect(textQuery('怎么办理户口', { ignore })).toEqual({ all: "'户口'", any: "'户口'", tokens: ['户口'], phrase: '户口' });
    expect(textQuery('怎么办理', { ignore })?.all).toBe("'怎么' & '办理'");
    expect(textQuery('怎么办理户口')?.all).toBe("'怎么' & '办理' & '户口'");
  });
});
