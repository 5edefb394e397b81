import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-redaction.js';

describe('redactUrl', () => {
  it('drops the query and masks ID numbers, phones and API keys', () => {
    expect(redactUrl('/api/v1/exchange/gateway/persons/42070419850312123X?purpose=x')).toBe('/api/v1/exchange/gateway/persons/4207**********123X');
    expect(redactUrl('/api/v1/registry/persons?idNumber=420704198503121234')).toBe('/api/v1/registry/persons');
    expect(redactUrl('/x/13812345678/y')).toBe('/x/138****5678/y');
    expect(redactUrl('/k/yw_abcd1234_secretsecret')).toBe('/k/yw_********');
    expect(redactUrl('/api/v1/org/divisions/420704001')).toBe('/api/v1/org/divisions/420704001');
  });
});
