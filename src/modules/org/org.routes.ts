import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { principalOf, sessionTokenOf, SESSION_COOKIE } from '../../kernel/auth/index.js';
import { AuthRequired } from '../../kernel/errors/index.js';
import type { AuthService } from './auth.service.js';
import { OrgPermissions as P } from './org.permissions.js';
import {
  ApiKey,
  CreateApiKeyBody,
  CreateOrganisationBody,
  CreateUserBody,
  Division,
  DivisionQuery,
  IdParams,
  LoginBody,
  Me,
  Organisation,
  OrganisationQuery,
  PageOf,
  Role,
  UpdateUserBody,
  User,
  UserQuery,
} from './org.schemas.js';
import type { OrgService } from './org.service.js';
import type { UserRow } from './user.repository.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const userView = (u: UserRow) => ({ ...u, lastLoginAt: iso(u.lastLoginAt) });

export function orgRoutes(deps: { org: OrgService; auth: AuthService; secureCookies: boolean; sessionTtlHours: number }): FastifyPluginAsyncTypebox {
  const { org, auth } = deps;

  async function me(user: UserRow) {
    const principal = (await auth.userPrincipal(user.id))!;
    const roles = await org.listRoles();
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      locale: user.locale,
      roles: user.roles.map((code) => {
        const role = roles.find((r) => r.code === code);
        return { code, name: role?.name ?? code, nameEn: role?.nameEn ?? code };
      }),
      permissions: [...principal.permissions].sort(),
      organisation: user.organisationId ? { id: user.organisationId, name: user.organisationName ?? '' } : null,
      division: { code: user.divisionCode, name: user.divisionName },
    };
  }

  return async (app) => {
    const context = (request: { ip: string; headers: Record<string, unknown> }) => ({
      ip: request.ip ?? null,
      userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'].slice(0, 300) : null,
    });

    app.post(
      '/auth/login',
      { schema: { tags: ['auth'], summary: '登录', body: LoginBody, response: { 200: Type.Object({ user: Me }) } }, config: { access: 'public' } },
      async (request, reply) => {
        const { token, user, expiresAt } = await auth.login(request.body.username, request.body.password, context(request));
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.secureCookies,
          expires: expiresAt,
        });
        return { user: await me(user) };
      },
    );

    app.post('/auth/logout', { schema: { tags: ['auth'], summary: '退出登录' }, config: { access: 'public' } }, async (request, reply) => {
      const token = sessionTokenOf(request);
      if (token) {
        await auth.logout(token, context(request));
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    });

    app.get('/auth/me', { schema: { tags: ['auth'], summary: '当前用户', response: { 200: Type.Object({ user: Me }) } }, config: { access: 'authenticated' } }, async (request) => {
      const principal = principalOf(request);
      if (principal.kind !== 'user') {
        throw AuthRequired(null, '该接口仅供登录用户使用');
      }
      return { user: await me(await org.getUser(principal, principal.id)) };
    });

    app.get(
      '/org/divisions',
      { schema: { tags: ['org'], summary: '行政区划（按上级区划分页）', querystring: DivisionQuery, response: { 200: PageOf(Division) } }, config: { access: P.orgRead } },
      async (request) => {
        const { parentCode, q, page, pageSize } = request.query;
        // Without a parent or a search, list the top of the tree.
        const parent = parentCode ?? (q ? undefined : null);
        return { ...(await org.listDivisions({ parentCode: parent, ...(q ? { q } : {}), page, pageSize })), page, pageSize };
      },
    );

    app.get(
      '/org/divisions/:code',
      {
        schema: {
          tags: ['org'],
          params: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}([0-9]{3})?$' }) }),
          response: { 200: Type.Object({ division: Division, path: Type.Array(Division) }) },
        },
        config: { access: P.orgRead },
      },
      async (request) => {
        const path = await org.divisionPath(request.params.code);
        const division = path.at(-1);
        if (!division) {
          const { DivisionNotFound } = await import('./org.errors.js');
          throw DivisionNotFound();
        }
        return { division, path };
      },
    );

    app.get(
      '/org/organisations',
      { schema: { tags: ['org'], summary: '单位（本辖区）', querystring: OrganisationQuery, response: { 200: PageOf(Organisation) } }, config: { access: P.orgRead } },
      async (request) => {
        const { page, pageSize } = request.query;
        return { ...(await org.listOrganisations(principalOf(request), request.query)), page, pageSize };
      },
    );

    app.get(
      '/org/organisations/:id',
      { schema: { tags: ['org'], params: IdParams, response: { 200: Organisation } }, config: { access: P.orgRead } },
      async (request) => org.getOrganisation(principalOf(request), request.params.id),
    );

    app.post(
      '/org/organisations',
      { schema: { tags: ['org'], summary: '新建单位', body: CreateOrganisationBody, response: { 201: Organisation } }, config: { access: P.orgManage } },
      async (request, reply) => reply.status(201).send(await org.createOrganisation(principalOf(request), request.body)),
    );

    app.get(
      '/org/users',
      { schema: { tags: ['org'], summary: '用户（本辖区）', querystring: UserQuery, response: { 200: PageOf(User) } }, config: { access: P.userRead } },
      async (request) => {
        const { page, pageSize } = request.query;
        const result = await org.listUsers(principalOf(request), request.query);
        return { items: result.items.map(userView), total: result.total, page, pageSize };
      },
    );

    app.get(
      '/org/users/:id',
      { schema: { tags: ['org'], params: IdParams, response: { 200: User } }, config: { access: P.userRead } },
      async (request) => userView(await org.getUser(principalOf(request), request.params.id)),
    );

    app.post(
      '/org/users',
      { schema: { tags: ['org'], summary: '新建用户', body: CreateUserBody, response: { 201: User } }, config: { access: P.userManage } },
      async (request, reply) => reply.status(201).send(userView(await org.createUser(principalOf(request), request.body))),
    );

    app.patch(
      '/org/users/:id',
      { schema: { tags: ['org'], summary: '修改用户（带版本号）', params: IdParams, body: UpdateUserBody, response: { 200: User } }, config: { access: P.userManage } },
      async (request) => userView(await org.updateUser(principalOf(request), request.params.id, request.body)),
    );

    app.get('/org/roles', { schema: { tags: ['org'], response: { 200: Type.Object({ items: Type.Array(Role) }) } }, config: { access: P.orgRead } }, async () => ({
      items: await org.listRoles(),
    }));

    const apiKeyView = (k: Awaited<ReturnType<AuthService['listApiKeys']>>[number]) => ({
      id: k.id,
      name: k.name,
      organisationId: k.organisationId,
      prefix: k.prefix,
      scopes: k.scopes,
      createdAt: iso(k.createdAt)!,
      expiresAt: iso(k.expiresAt),
      revokedAt: iso(k.revokedAt),
      lastUsedAt: iso(k.lastUsedAt),
    });
    const manageableOrganisation = async (principal: ReturnType<typeof principalOf>, organisationId: string) => {
      try {
        await org.getOrganisation(principal, organisationId);
        return true;
      } catch {
        return false;
      }
    };

    app.get(
      '/org/api-keys',
      { schema: { tags: ['org'], summary: 'API 密钥（本辖区单位）', response: { 200: Type.Object({ items: Type.Array(ApiKey) }) } }, config: { access: P.apiKeyManage } },
      async (request) => {
        const principal = principalOf(request);
        const keys = await auth.listApiKeys('all');
        const visible = [];
        for (const key of keys) {
          if (await manageableOrganisation(principal, key.organisationId)) {
            visible.push(apiKeyView(key));
          }
        }
        return { items: visible };
      },
    );

    app.post(
      '/org/api-keys',
      {
        schema: {
          tags: ['org'],
          summary: '签发 API 密钥（仅返回一次）',
          body: CreateApiKeyBody,
          response: { 201: Type.Object({ id: Type.String(), prefix: Type.String(), key: Type.String() }) },
        },
        config: { access: P.apiKeyManage },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        await org.getOrganisation(principal, request.body.organisationId);
        const created = await auth.createApiKey(principal, {
          name: request.body.name,
          organisationId: request.body.organisationId,
          scopes: request.body.scopes,
          expiresAt: request.body.expiresAt ? new Date(request.body.expiresAt) : null,
        });
        return reply.status(201).send(created);
      },
    );

    app.delete(
      '/org/api-keys/:id',
      { schema: { tags: ['org'], summary: '吊销 API 密钥', params: IdParams }, config: { access: P.apiKeyManage } },
      async (request, reply) => {
        const principal = principalOf(request);
        await auth.revokeApiKey(principal, request.params.id, (organisationId) => manageableOrganisation(principal, organisationId));
        return reply.status(204).send();
      },
    );
  };
}
