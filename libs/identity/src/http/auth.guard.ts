import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthService } from '../auth.service';
import { headerOf, HttpError, type HttpRequest, IS_PUBLIC } from '@saoma/http';
import type { Principal, Role } from '../principal';
import { IdentityError } from '../identity-error';
import { ALLOWED_WHEN_FROZEN } from './allowed-when-frozen.decorator';
import { ROLES } from './roles.decorator';

/** A request with the principal AuthGuard found. */
export type AuthedRequest = HttpRequest & { principal?: Principal };

const OPERATOR_ROLES: ReadonlySet<Role> = new Set(['admin', 'finance']);
const READS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one authentication guard for consumers, merchants and operators.
 * No credential → 401; a valid credential of the wrong kind → 403; a route
 * that declares neither @Public nor @Roles is refused (fail closed). A
 * frozen consumer reads, and writes only where @AllowedWhenFrozen says so:
 * `423 account_frozen` everywhere else (fail closed too).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const header = headerOf(req, 'authorization');
    if (isPublic) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (!roles?.length) throw new HttpError('forbidden', 'This route declares no role.');
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw new HttpError('unauthorized', 'Send Authorization: Bearer <credential>.');
    const principal = await this.auth.authenticate(m[1]);
    if (!principal) throw new HttpError('unauthorized', 'The credential is not valid.');
    req.principal = principal;
    if (!roles.includes(principal.role)) {
      const operatorRoute = roles.some((r) => OPERATOR_ROLES.has(r));
      throw new HttpError(
        'forbidden',
        operatorRoute ? 'This route is for operators with another role.' : `This route is not for a ${principal.role}.`,
      );
    }
    if (
      principal.frozen &&
      !READS.has(req.method) &&
      !this.reflector.get<boolean>(ALLOWED_WHEN_FROZEN, ctx.getHandler())
    )
      throw new IdentityError('account_frozen', 'This wallet is frozen: it receives money, and none can leave it.');
    return true;
  }
}
