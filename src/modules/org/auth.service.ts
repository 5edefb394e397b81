import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../kernel/auth/index.js';
import { hasPermission } from '../../kernel/auth/index.js';
import { sm3Hex } from '../../kernel/crypto/index.js';
import type { Db } from '../../kernel/db/index.js';
import { createTtlCache } from '../../kernel/cache/index.js';
import { createCredentialRepository, type ApiKeyRow } from './credential.repository.js';
import { ApiKeyNotFound, InvalidCredentials, LoginRateLimited, ScopeNotGrantable } from './org.errors.js';
import type { AuditAppender } from './org.service.js';
import { DUMMY_HASH, verifyPassword } from './passwords.js';
import { createRoleRepository } from './role.repository.js';
import { createUserRepository, type UserRow } from './user.repository.js';

export interface AuthSettings {
  sessionTtlHours: number;
  loginMaxAttempts: number;
  loginWindowMinutes: number;
}

export interface LoginContext {
  ip: string | null;
  userAgent: string | null;
}

const API_KEY = /^yw_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
/** `last_used_at` is shown to the minute: one write per key per minute, not per call. */
const TOUCH_INTERVAL_MS = 60_000;
/**
 * Department systems call many times a second with one key: its row is read once a second
 * at most. A revocation takes effect at once on the node that revoked it, within this
 * time on the others.
 */
const API_KEY_CACHE_MS = 1_000;

/** Sessions for people, scoped API keys for department systems, login rate limiting. */
export function createAuthService(deps: { db: Db; audit: AuditAppender; settings: AuthSettings }) {
  const { db, audit, settings } = deps;
  const users = createUserRepository(db);
  const roles = createRoleRepository(db);
  const credentials = createCredentialRepository(db);
  const lastTouched = new Map<string, number>();
  const apiKeys = createTtlCache<string, ApiKeyRow & { divisionCode: string }>({ ttlMs: API_KEY_CACHE_MS });

  async function principalOfUser(user: UserRow): Promise<Principal> {
    return {
      kind: 'user',
      id: user.id,
      name: user.username,
      organisationId: user.organisationId,
      divisionCode: user.divisionCode,
      roles: user.roles,
      permissions: new Set(await roles.permissionsOf(user.roles)),
    };
  }

  return {
    /**
     * Checks a password and opens a session. Failures are counted per username and per
     * client address across all nodes; past the limit every attempt is refused (429) until
     * the window has passed, even with the right password.
     */
    async login(username: string, password: string, context: LoginContext): Promise<{ token: string; user: UserRow; expiresAt: Date }> {
      const name = username.trim().toLowerCase();
      const subjects = [`user:${name}`, ...(context.ip ? [`ip:${context.ip}`] : [])];
      const since = new Date(Date.now() - settings.loginWindowMinutes * 60_000);
      const failures = await credentials.loginFailures(subjects, since);
      for (const [subject, { count, oldest }] of failures) {
        // Many officials share one office NAT address: an address may fail ten times as often as a username.
        const limit = subject.startsWith('ip:') ? settings.loginMaxAttempts * 10 : settings.loginMaxAttempts;
        if (count >= limit) {
          const retryAt = oldest.getTime() + settings.loginWindowMinutes * 60_000;
          throw LoginRateLimited({ retryAfterSeconds: Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)) });
        }
      }
      const stored = await users.passwordHashOf(name);
      const valid = await verifyPassword(stored?.passwordHash ?? DUMMY_HASH, password);
      if (!stored || !valid || stored.status !== 'active') {
        await credentials.recordLoginFailure(subjects);
        await audit.append(db, { actor: null, action: 'org.auth.login-failed', target: `username:${name}`, ip: context.ip });
        throw InvalidCredentials();
      }
      await credentials.clearLoginFailures([`user:${name}`]);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + settings.sessionTtlHours * 3_600_000);
      await db.transaction().execute(async (trx) => {
        await createCredentialRepository(trx).createSession({ tokenHash: sm3Hex(token), userId: stored.id, expiresAt, ip: context.ip, userAgent: context.userAgent });
        await createUserRepository(trx).touchLogin(stored.id);
        await audit.append(trx, { actor: `user:${stored.id}`, action: 'org.auth.login', target: `user:${stored.id}`, ip: context.ip });
      });
      const user = await users.get(stored.id);
      return { token, user: user!, expiresAt };
    },

    async logout(token: string, context: LoginContext): Promise<void> {
      const hash = sm3Hex(token);
      const userId = await credentials.sessionUser(hash);
      await credentials.deleteSession(hash);
      if (userId) {
        await audit.append(db, { actor: `user:${userId}`, action: 'org.auth.logout', target: `user:${userId}`, ip: context.ip });
      }
    },

    async fromSessionToken(token: string): Promise<Principal | null> {
      const userId = await credentials.sessionUser(sm3Hex(token));
      const user = userId ? await users.get(userId) : undefined;
      return user ? principalOfUser(user) : null;
    },

    async fromApiKey(key: string): Promise<Principal | null> {
      const match = API_KEY.exec(key);
      if (!match) {
        return null;
      }
      const prefix = match[1]!;
      let row = apiKeys.get(prefix);
      if (!row) {
        row = await credentials.apiKeyByPrefix(prefix);
        if (row) {
          apiKeys.set(prefix, row);
        }
      }
      if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() < Date.now())) {
        return null;
      }
      const expected = Buffer.from(row.keyHash, 'hex');
      const actual = Buffer.from(sm3Hex(key), 'hex');
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
        return null;
      }
      const now = Date.now();
      if (now - (lastTouched.get(row.id) ?? 0) >= TOUCH_INTERVAL_MS) {
        lastTouched.set(row.id, now);
        void credentials.touchApiKey(row.id).catch(() => undefined);
      }
      return {
        kind: 'apiKey',
        id: row.id,
        name: row.name,
        organisationId: row.organisationId,
        divisionCode: row.divisionCode,
        roles: [],
        permissions: new Set(row.scopes),
      };
    },

    async userPrincipal(userId: string): Promise<Principal | null> {
      const user = await users.get(userId);
      return user ? principalOfUser(user) : null;
    },

    /** The principal of a user by username: the demo loader acts as the demo city's users. */
    async userPrincipalByUsername(username: string): Promise<Principal | null> {
      const user = await users.getByUsername(username);
      return user ? principalOfUser(user) : null;
    },

    /**
     * Issues an API key for a department system. The key is returned once; only its SM3
     * hash is kept. Scopes may not exceed the issuer's own permissions.
     */
    async createApiKey(
      issuer: Principal,
      input: { name: string; organisationId: string; scopes: string[]; expiresAt: Date | null },
    ): Promise<{ id: string; key: string; prefix: string }> {
      for (const scope of input.scopes) {
        if (scope === '*' || !hasPermission(issuer, scope)) {
          throw ScopeNotGrantable({ scope });
        }
      }
      const prefix = randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 8);
      const key = `yw_${prefix}_${randomBytes(32).toString('base64url')}`;
      const id = await db.transaction().execute(async (trx) => {
        const created = await createCredentialRepository(trx).insertApiKey({
          name: input.name,
          organisationId: input.organisationId,
          prefix,
          keyHash: sm3Hex(key),
          scopes: [...new Set(input.scopes)].sort(),
          createdBy: issuer.kind === 'user' ? issuer.id : null,
          expiresAt: input.expiresAt,
        });
        await audit.append(trx, {
          actor: `${issuer.kind === 'user' ? 'user' : 'apikey'}:${issuer.id}`,
          action: 'org.apikey.create',
          target: `apikey:${created}`,
          details: { name: input.name, organisationId: input.organisationId, scopes: input.scopes },
        });
        return created;
      });
      return { id, key, prefix };
    },

    async revokeApiKey(issuer: Principal, id: string, canManage: (organisationId: string) => Promise<boolean>): Promise<void> {
      const row = await credentials.apiKey(id);
      if (!row || !(await canManage(row.organisationId))) {
        throw ApiKeyNotFound();
      }
      await db.transaction().execute(async (trx) => {
        await createCredentialRepository(trx).revokeApiKey(id);
        await audit.append(trx, { actor: `user:${issuer.id}`, action: 'org.apikey.revoke', target: `apikey:${id}` });
      });
      apiKeys.deleteWhere((key) => key.id === id);
    },

    listApiKeys: credentials.listApiKeys,
    countApiKeys: credentials.countApiKeys,
    deleteExpiredSessions: credentials.deleteExpiredSessions,
    pruneLoginFailures: credentials.pruneLoginFailures,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
