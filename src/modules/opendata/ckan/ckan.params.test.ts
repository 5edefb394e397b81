import { describe, expect, it } from 'vitest';
import { bool, CkanError, natural, parseQuery, parseSort, stringList } from './ckan.params.js';

describe('parseQuery', () => {
  it('reads field clauses, quoted values, OR lists and exclusions; the rest is text', () => {
    expect(parseQuery('organization:ezhou-jtysj tags:"公交 站点" -res_format:API 停车场')).toEqual({
      clauses: [
        { key: 'owner', values: ['ezhou-jtysj'], negate: false },
        { key: 'tags', values: ['公交 站点'], negate: false },
        { key: 'format', values: ['API'], negate: true },
      ],
      text: '停车场',
    });
    expect(parseQuery('groups:(transport OR "health")')).toEqual({ clauses: [{ key: 'theme', values: ['transport', 'health'], negate: false }], text: '' });
    expect(parseQuery('*:*')).toEqual({ clauses: [], text: '' });
    expect(parseQuery(undefined)).toEqual({ clauses: [], text: '' });
  });

  it('refuses unknown fields and unbalanced quotes as a Search Query Error', () => {
    expect(() => parseQuery('owner_secret:x')).toThrow(CkanError);
    expect(() => parseQuery('tags:(a OR b')).toThrow(expect.objectContaining({ status: 400, type: 'Search Query Error' }));
  });
});

describe('parseSort', () => {
  it('defaults to score then modification, and maps CKAN’s fields', () => {
    expect(parseSort(undefined)).toEqual({ sort: [{ key: 'score', direction: 'desc' }, { key: 'modified', direction: 'desc' }], text: 'score desc, metadata_modified desc' });
    expect(parseSort('title_string asc, views_recent desc').sort).toEqual([{ key: 'title', direction: 'asc' }, { key: 'downloads', direction: 'desc' }]);
    expect(() => parseSort('name')).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('parameters', () => {
  it('validates as CKAN’s validators do', () => {
    expect(natural({ rows: '20' }, 'rows', 10)).toBe(20);
    expect(natural({ rows: '5000' }, 'rows', 10, 1000)).toBe(1000);
    expect(() => natural({ rows: '1.5' }, 'rows', 10)).toThrow(expect.objectContaining({ status: 409, fields: { rows: ['Invalid integer'] } }));
    expect(bool({ all_fields: 'yes' }, 'all_fields', false)).toBe(true);
    expect(() => bool({ all_fields: 'maybe' }, 'all_fields', false)).toThrow(CkanError);
    expect(stringList({ 'facet.field': '["tags"]' }, 'facet.field')).toEqual(['tags']);
    expect(stringList({ 'facet.field': ['tags', 'groups'] }, 'facet.field')).toEqual(['tags', 'groups']);
    expect(() => stringList({ 'facet.field': '[1]' }, 'facet.field')).toThrow(expect.objectContaining({ fields: { 'facet.field': ['Not a string'] } }));
  });
});
