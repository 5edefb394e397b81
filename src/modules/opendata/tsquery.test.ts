import { describe, expect, it } from 'vitest';
import { searchVectorLiteral, textQuery } from '../../kernel/text/index.js';
import { compileQuery, readVector } from './tsquery.js';

describe('compileQuery', () => {
  it('matches as PostgreSQL would: & binds tighter than |, every group must hold', () => {
    const query = compileQuery("('公交站点' | '公交' & '站点') & '时间'");
    const has = (...lexemes: string[]) => new Map(lexemes.map((l) => [l, 1]));
    expect(query.matches(has('公交', '站点', '时间'))).toBe(true);
    expect(query.matches(has('公交站点', '时间'))).toBe(true);
    expect(query.matches(has('公交', '时间'))).toBe(false);
    expect(query.lexemes).toEqual(['公交站点', '公交', '站点', '时间']);
  });

  it('reads what textQuery builds, quotes included', () => {
    const text = textQuery("it's 公交")!;
    expect(compileQuery(text.all).matches(readVector(searchVectorLiteral({ A: ["it's 公交线路"], B: [], C: [], D: [] })))).toBe(true);
  });
});

describe('readVector', () => {
  it('keeps each lexeme’s highest weight', () => {
    expect(readVector("'it''s':3C '公交':1A,5B '站点':2")).toEqual(new Map([["it's", 0.2], ['公交', 1], ['站点', 0.1]]));
  });
});
