import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Permission, Principal } from '../roles';

export const PUBLIC_ROUTE = 'orderflow:public';
export const REQUIRED_PERMISSION = 'orderflow:requires';
export const ANY_KEY_ROUTE = 'orderflow:any-key';

/** Open to anyone: GET /health and the API documentation, nothing else. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Open to every valid key, whatever its role: only for a caller to learn who it is (GET /whoami,
 * which the console signs in with), never for reading data.
 */
export const AnyKey = () => SetMetadata(ANY_KEY_ROUTE, true);

/** The permission a route needs. A route with neither this nor @Public() is refused to everyone. */
export const Requires = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

/** The authenticated caller of this request (set by the guard). */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('@Caller() on a route the access guard did not authenticate');
  return principal;
});
