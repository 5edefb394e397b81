/** Payload of `licenses.issued`, published in the transaction that issues the license. */
export interface LicenseIssuedEvent {
  licenseId: string;
  identifier: string;
  typeCode: string;
  holderCodeType: '111' | '049';
  jurisdiction: string;
}

/** Payload of `licenses.revoked`. */
export interface LicenseRevokedEvent {
  licenseId: string;
  identifier: string;
  typeCode: string;
}

declare module '../../kernel/bus/index.js' {
  interface DomainEvents {
    'licenses.issued': LicenseIssuedEvent;
    'licenses.revoked': LicenseRevokedEvent;
  }
}

export const LICENSE_ISSUED = 'licenses.issued' as const;
export const LICENSE_REVOKED = 'licenses.revoked' as const;
