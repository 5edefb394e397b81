import { api, buildUrl, type Page, type PageQuery } from './client';

export type LicenseState = 'valid' | 'expired' | 'revoked';
export type VerifyStatus = LicenseState | 'forged' | 'unknown';

export interface License {
  id: string;
  identifier: string;
  origin: 'local' | 'foreign';
  number: string;
  name: string;
  type: { code: string; name: string };
  holder: { name: string; code: string; codeType: '111' | '049' };
  issuedOn: string;
  validFrom: string;
  validTo: string | null;
  issuer: { name: string; code: string };
  relatedItem: { code: string; name: string } | null;
  jurisdiction: string;
  status: 'valid' | 'revoked';
  state: LicenseState;
  revokedAt: string | null;
  revokeReason: string | null;
  keyFingerprint: string;
  createdAt: string;
}

export interface LicenseDetail extends License {
  data: Record<string, unknown>;
}

export interface LicenseType {
  code: string;
  name: string;
  fields: Array<{ name: string; label: string; required: boolean }>;
}

export interface Signer {
  scope: 'local' | 'trusted';
  cityName: string;
  divisionCode: string;
  fingerprint: string;
}

/** What the public verification answers: no holder ID number, no surface data. */
export interface Verification {
  status: VerifyStatus;
  reason: string | null;
  signer: Signer | null;
  revokedAt: string | null;
  license: {
    identifier: string;
    number: string;
    name: string;
    typeName: string;
    holderName: string;
    holderCode: string;
    holderCodeType: string;
    issuedOn: string;
    validFrom: string;
    validTo: string | null;
    issuerName: string;
    jurisdiction: string;
  } | null;
}

export interface LicenseQuery extends PageQuery {
  q?: string;
  status?: 'valid' | 'revoked';
  typeCode?: string;
}

export const licensesApi = {
  list: (query: LicenseQuery, signal?: AbortSignal) => api.get<Page<License>>('/licenses', { ...query }, signal),
  types: (signal?: AbortSignal) => api.get<{ items: LicenseType[] }>('/licenses/types', undefined, signal),
  get: (id: string, signal?: AbortSignal) => api.get<LicenseDetail>(`/licenses/${id}`, undefined, signal),
  revoke: (id: string, reason: string) => api.post<License>(`/licenses/${id}/revoke`, { reason }),
  verify: (identifier: string, signal?: AbortSignal) => api.get<Verification>(`/licenses/verify/${encodeURIComponent(identifier)}`, undefined, signal),
  verifyDocument: (document: unknown) => api.post<Verification>('/licenses/verify', document),
  /** Same-origin URLs for <img> and download links. */
  qrUrl: (identifier: string) => buildUrl(`/licenses/verify/${encodeURIComponent(identifier)}/qr.svg`),
  documentUrl: (id: string) => buildUrl(`/licenses/${id}/document`),
};
