import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { createRateLimiter, principalOf } from '../../kernel/auth/index.js';
import { RateLimited, UnsupportedMediaType } from '../../kernel/errors/index.js';
import type { Applicant } from './applicants.service.js';
import { FileMissing, FileTooLarge } from './applications.errors.js';
import {
  ApplicantDetail,
  Applicant as ApplicantSchema,
  FileResponse,
  IdParams,
  ItemCodeParams,
  MaterialParams,
  MessagesPage,
  MessagesQuery,
  MyLicenses,
  MyListQuery,
  Prepare,
  Profile,
  RegisterBody,
  ResubmitBody,
  SubmitBody,
  SummaryPage,
} from './applications.schemas.js';
import type { ApplicationsService } from './applications.service.js';
import { ServicesPermissions as P } from './services.permissions.js';

const tags = ['services'];

export const applicantView = (a: Omit<Applicant, 'code'>) => ({
  id: a.id,
  kind: a.kind,
  name: a.name,
  codeMasked: a.codeMasked,
  representativeName: a.representativeName,
  divisionCode: a.divisionCode,
  verifiedAt: a.verifiedAt.toISOString(),
});

/** Sends a stored material file as a download. */
export function sendFile(reply: FastifyReply, file: { data: Buffer; contentType: string; name: string }) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .send(file.data);
}

/**
 * The applicant's routes: registration (public), and under `/services/my/…` profile,
 * preparation, uploads, applications, resubmission, messages and licenses.
 */
export function applicationRoutes(deps: {
  applications: ApplicationsService;
  maxFileBytes: number;
  registrationsPerMinute: number;
}): FastifyPluginAsyncTypebox {
  const { applications: service } = deps;
  const registrations = createRateLimiter(60_000);

  return async (app) => {
    // Multipart parsing for this plugin's routes only (uploads).
    await app.register(multipart, { limits: { fileSize: deps.maxFileBytes, files: 1, fields: 5, parts: 6 } });

    app.post(
      '/services/applicants',
      {
        schema: { tags, summary: '申请人注册（实名核验：自然人姓名+身份证号；法人统一社会信用代码+法定代表人）', body: RegisterBody, response: { 201: ApplicantSchema } },
        config: { access: 'public' },
      },
      async (request, reply) => {
        // Each attempt is a question to the registries: limited per client address.
        const verdict = registrations.take(request.ip ?? 'unknown', deps.registrationsPerMinute);
        if (!verdict.allowed) {
          throw RateLimited({ retryAfterSeconds: verdict.retryAfterSeconds });
        }
        return reply.status(201).send(applicantView(await service.register(request.body)));
      },
    );

    app.get('/services/my/profile', { schema: { tags, summary: '我的实名信息（含可预填的基础库信息）', response: { 200: Profile } }, config: { access: P.apply } }, async (request) => {
      const profile = await service.profile(principalOf(request));
      return { ...applicantView(profile), code: profile.code, prefill: profile.prefill };
    });

    app.get(
      '/services/my/items/:code/prepare',
      { schema: { tags, summary: '申请准备：预填表单、可由电子证照免提交的材料', params: ItemCodeParams, response: { 200: Prepare } }, config: { access: P.apply } },
      async (request) => service.prepare(principalOf(request), request.params.code),
    );

    app.post(
      '/services/my/files',
      {
        schema: { tags, summary: '上传申请材料文件（multipart，字段 file；PDF、OFD、PNG、JPEG）', consumes: ['multipart/form-data'], response: { 201: FileResponse } },
        config: { access: P.apply },
      },
      async (request, reply) => {
        let part;
        try {
          part = await request.file();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
            throw UnsupportedMediaType({ expected: 'multipart/form-data' });
          }
          throw error;
        }
        if (!part) {
          throw FileMissing();
        }
        let data: Buffer;
        try {
          data = await part.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
            throw FileTooLarge({ maxBytes: deps.maxFileBytes });
          }
          throw error;
        }
        return reply.status(201).send(await service.uploadFile(principalOf(request), { filename: part.filename, data }));
      },
    );

    app.post(
      '/services/my/applications',
      { schema: { tags, summary: '提交申请（表单校验、材料上传或电子证照免提交；符合秒批规则的当即办结）', body: SubmitBody, response: { 201: ApplicantDetail } }, config: { access: P.apply } },
      async (request, reply) => {
        const principal = principalOf(request);
        const created = await service.submit(principal, request.body);
        return reply.status(201).send(await service.myApplication(principal, created.id));
      },
    );

    app.get(
      '/services/my/applications',
      { schema: { tags, summary: '我的办件（进度与办结时限）', querystring: MyListQuery, response: { 200: SummaryPage } }, config: { access: P.apply } },
      async (request) => {
        const { page, pageSize } = request.query;
        return { ...(await service.myApplications(principalOf(request), request.query)), page, pageSize };
      },
    );

    app.get(
      '/services/my/applications/:id',
      { schema: { tags, summary: '我的办件详情（材料、进度记录、秒批规则结果）', params: IdParams, response: { 200: ApplicantDetail } }, config: { access: P.apply } },
      async (request) => service.myApplication(principalOf(request), request.params.id),
    );

    app.post(
      '/services/my/applications/:id/resubmit',
      { schema: { tags, summary: '补正后重新提交（恢复计时）', params: IdParams, body: ResubmitBody, response: { 200: ApplicantDetail } }, config: { access: P.apply } },
      async (request) => {
        const principal = principalOf(request);
        const resubmitted = await service.resubmit(principal, request.params.id, request.body);
        return service.myApplication(principal, resubmitted.id);
      },
    );

    app.get(
      '/services/my/applications/:id/materials/:materialId/file',
      { schema: { tags, summary: '下载我上传的材料', params: MaterialParams }, config: { access: P.apply } },
      async (request, reply) => sendFile(reply, await service.myFile(principalOf(request), request.params.id, request.params.materialId)),
    );

    app.get('/services/my/messages', { schema: { tags, summary: '我的消息', querystring: MessagesQuery, response: { 200: MessagesPage } }, config: { access: P.apply } }, async (request) => {
      const { page, pageSize } = request.query;
      return { ...(await service.messages(principalOf(request), request.query)), page, pageSize };
    });

    app.post('/services/my/messages/:id/read', { schema: { tags, summary: '标记消息已读', params: IdParams }, config: { access: P.apply } }, async (request, reply) => {
      await service.readMessage(principalOf(request), request.params.id);
      return reply.status(204).send();
    });

    app.get('/services/my/licenses', { schema: { tags, summary: '我的电子证照', response: { 200: MyLicenses } }, config: { access: P.apply } }, async (request) => ({
      items: await service.myLicenses(principalOf(request)),
    }));

    app.get(
      '/services/my/licenses/:id/document',
      { schema: { tags, summary: '下载我的电子证照签名文件（JSON，SM2 签名，含验证链接）', params: IdParams }, config: { access: P.apply } },
      async (request, reply) => {
        const document = await service.myLicenseDocument(principalOf(request), request.params.id, `${request.protocol}://${request.host}`);
        return reply.header('content-disposition', `attachment; filename="${document.content.identifier}.json"`).send(document);
      },
    );
  };
}
