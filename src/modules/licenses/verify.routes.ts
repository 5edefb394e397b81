import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { createRateLimiter } from '../../kernel/auth/index.js';
import { RateLimited } from '../../kernel/errors/index.js';
import { InvalidIdentifier } from './licenses.errors.js';
import { IdentifierParams, PublicVerification, SignedDocumentBody } from './licenses.schemas.js';
import { publicFields } from './licenses.views.js';
import { parseLicenseIdentifier } from './license-identifier.js';
import { qrSvg, verificationUrl } from './qr.js';
import type { Signer } from './trust.service.js';
import type { Verifier, VerifyResult } from './verify.service.js';

const tags = ['licenses-public'];

/** What a verification shows to anyone: no holder ID number, no surface data, no revocation reason. */
export function publicVerification(result: VerifyResult) {
  return {
    status: result.status,
    reason: result.reason ?? null,
    signer: result.signer ?? null,
    revokedAt: result.revokedAt ?? null,
    license: result.license && result.status !== 'forged' ? publicFields(result.license) : null,
  };
}

/** Where this request came from, as the browser saw it: the origin of the QR code's link. */
export const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/**
 * Verification for anyone, no login (扫码亮证): by identifier, by presented document, and
 * the QR code of the verification page. Rate-limited per client address.
 */
export function verifyRoutes(deps: { verifier: Verifier; signer: () => Signer & { publicKeyPem: string }; perMinute: number }): FastifyPluginAsyncTypebox {
  return async (app) => {
    const limiter = createRateLimiter(60_000);
    const limit = { access: 'public' as const };
    app.addHook('onRequest', async (request) => {
      const verdict = limiter.take(request.ip, deps.perMinute);
      if (!verdict.allowed) {
        throw RateLimited({ retryAfterSeconds: verdict.retryAfterSeconds });
      }
    });
    app.get(
      '/licenses/verify/:identifier',
      { schema: { tags, summary: '按证照标识验证（扫码亮证）', params: IdentifierParams, response: { 200: PublicVerification } }, config: limit },
      async (request) => publicVerification(await deps.verifier.verify(request.params.identifier)),
    );
    app.post(
      '/licenses/verify',
      { schema: { tags, summary: '验证出示的签名证照文件（离线文件、外地证照）', body: SignedDocumentBody, response: { 200: PublicVerification } }, config: limit },
      async (request) => publicVerification(await deps.verifier.verify(request.body)),
    );
    app.get(
      '/licenses/verify/:identifier/qr.svg',
      { schema: { tags, summary: '验证页面的二维码（SVG）', params: IdentifierParams, produces: ['image/svg+xml'] }, config: limit },
      async (request, reply) => {
        if (!parseLicenseIdentifier(request.params.identifier)) {
          throw InvalidIdentifier();
        }
        const svg = await qrSvg(verificationUrl(originOf(request), request.params.identifier));
        return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(svg);
      },
    );
    app.get(
      '/licenses/signing-key',
      {
        schema: {
          tags,
          summary: '本市电子证照签名公钥（供其他城市登记互认）',
          response: { 200: Type.Object({ scope: Type.String(), cityName: Type.String(), divisionCode: Type.String(), fingerprint: Type.String(), publicKeyPem: Type.String() }) },
        },
        config: limit,
      },
      async () => deps.signer(),
    );
  };
}
