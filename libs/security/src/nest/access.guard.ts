import { CanActivate, ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { KeyChecker } from '../key-checker';
import { RateLimiter } from '../rate-limiter';
import { can, Permission, Principal } from '../roles';
import { ANY_KEY_ROUTE, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './decorators';

export const ACCESS_OPTIONS = Symbol('ACCESS_OPTIONS');

export interface AccessOptions {
  checker: KeyChecker;
  /** Requests per key. */
  limiter: RateLimiter;
  /** Failed authentications per client address: a flood of made-up keys costs a database read each. */
  failureLimiter: RateLimiter;
}

/**
 * An access refusal, answered as `{ statusCode, error, message, ...details }` like every other
 * error answer of the services (their filters pass it through unchanged).
 */
export class AccessDenied extends HttpException {
  constructor(status: 401 | 403 | 429, message: string, details: Record<string, unknown> = {}) {
    const error = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Too Many Requests';
    super({ statusCode: status, error, message, ...details }, status);
  }
}

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  socket?: { remoteAddress?: string };
  principal?: Principal;
}

const BEARER = /^Bearer +([^\s]+) *$/i;

/** What a route declares, read from its metadata once per handler (not on every request). */
interface RouteAccess {
  public: boolean;
  anyKey: boolean;
  permission: Permission | undefined;
}

/**
 * Every HTTP route of every service goes through here (docs/adr/0018). Public routes pass; every
 * other route names the permission it needs, and a route that names none is refused to everyone
 * (closed by default). The caller is known by `Authorization: Bearer <key>`:
 * - no key, or a malformed, unknown, wrong or revoked one: 401 with `WWW-Authenticate: Bearer`;
 * - over the key's rate: 429 with `Retry-After`;
 * - a role without the permission: 403 naming the permission.
 * Kafka handlers are not HTTP: what may publish on a topic is the broker's to say.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly routes = new WeakMap<object, RouteAccess>();

  constructor(
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const { public: open, anyKey, permission } = this.routeAccess(context);
    if (open) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<HttpRequest>();
    const res = http.getResponse<unknown>();

    const header = req.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) {
      this.setHeader(res, 'WWW-Authenticate', 'Bearer realm="orderflow"');
      throw new AccessDenied(
        401,
        header === undefined ? 'authentication required: send the header Authorization: Bearer <key>' : 'header Authorization: expected "Bearer <key>"',
      );
    }
    const principal = await this.options.checker.check(match[1]);
    if (!principal) {
      const wait = this.options.failureLimiter.take(clientAddress(req));
      if (wait > 0) {
        this.setHeader(res, 'Retry-After', String(wait));
        throw new AccessDenied(429, `too many failed authentications from this address; retry in ${wait} s`);
      }
      this.setHeader(res, 'WWW-Authenticate', 'Bearer realm="orderflow", error="invalid_token"');
      throw new AccessDenied(401, 'the key is not valid: unknown, mistyped or revoked');
    }
    const wait = this.options.limiter.take(principal.keyId);
    if (wait > 0) {
      this.setHeader(res, 'Retry-After', String(wait));
      throw new AccessDenied(429, `key ${principal.keyId} is over its rate of ${this.options.limiter.perSecond} requests a second; retry in ${wait} s`, {
        retryAfterSeconds: wait,
      });
    }
    if (anyKey) {
      req.principal = principal;
      return true;
    }
    if (!permission) throw new AccessDenied(403, 'this route declares no permission, so it is open to no one', { role: principal.role });
    if (!can(principal, permission)) {
      throw new AccessDenied(403, `${/^[aeiou]/.test(principal.role) ? 'an' : 'a'} ${principal.role} key may not do this: it needs the permission ${permission}`, {
        missing: permission,
        role: principal.role,
      });
    }
    req.principal = principal;
    return true;
  }

  private routeAccess(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    let access = this.routes.get(handler);
    if (!access) {
      const targets = [handler, context.getClass()];
      access = {
        public: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
        anyKey: this.reflector.getAllAndOverride<boolean>(ANY_KEY_ROUTE, targets) === true,
        permission: this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets),
      };
      this.routes.set(handler, access);
    }
    return access;
  }

  private setHeader(res: unknown, name: string, value: string): void {
    this.adapterHost.httpAdapter.setHeader(res, name, value);
  }
}

function clientAddress(req: HttpRequest): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}
