import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { principalOf } from '../../kernel/auth/index.js';
import { UnsupportedMediaType } from '../../kernel/errors/index.js';
import { ATTACHMENT_LIMITS, type Attachments } from './attachments.js';
import { AttachmentMissing, AttachmentTooLarge } from './cases.errors.js';
import { CasesPermissions as P } from './cases.permissions.js';

const tags = ['cases'];
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const FileParams = Type.Object({ id: Type.String({ format: 'uuid' }), attachmentId: Type.String({ format: 'uuid' }) });
const Attachment = Type.Object({ id: Type.String(), name: Type.String(), contentType: Type.String(), size: Type.Integer(), sm3: Type.String(), createdAt: Type.String() });

/** `/cases/:id/attachments`: the photos of a case (upload as multipart field `file`). */
export function attachmentRoutes(attachments: Attachments): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Multipart for this plugin's routes only; one file a request.
    await app.register(multipart, { limits: { fileSize: ATTACHMENT_LIMITS.maxBytes, files: 1, fields: 2, parts: 3 } });

    app.get(
      '/cases/:id/attachments',
      { schema: { tags, summary: '案件照片列表', params: Params, response: { 200: Type.Object({ items: Type.Array(Attachment) }) } }, config: { access: P.read } },
      async (request) => ({ items: await attachments.list(principalOf(request), request.params.id) }),
    );
    app.post(
      '/cases/:id/attachments',
      {
        schema: { tags, summary: `上传案件照片（multipart 字段 file；JPEG、PNG、WebP，每张不超过 ${ATTACHMENT_LIMITS.maxBytes / 1024 / 1024} MB，每案最多 ${ATTACHMENT_LIMITS.perCase} 张）`, consumes: ['multipart/form-data'], params: Params, response: { 201: Attachment } },
        config: { access: P.read },
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
          throw AttachmentMissing();
        }
        let data: Buffer;
        try {
          data = await part.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
            throw AttachmentTooLarge({ maxBytes: ATTACHMENT_LIMITS.maxBytes });
          }
          throw error;
        }
        return reply.status(201).send(await attachments.add(principalOf(request), request.params.id, { filename: part.filename, data }));
      },
    );
    app.get(
      '/cases/:id/attachments/:attachmentId',
      { schema: { tags, summary: '案件照片文件', params: FileParams }, config: { access: P.read } },
      async (request, reply) => {
        const file = await attachments.open(principalOf(request), request.params.id, request.params.attachmentId);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('cache-control', 'private, max-age=3600')
          .header('x-content-type-options', 'nosniff')
          .send(file.data);
      },
    );
  };
}
