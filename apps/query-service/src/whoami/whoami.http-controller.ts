import { Controller, Get } from '@nestjs/common';
import { z } from 'zod';
import { AnyKey, Caller, Permission, Principal, ROLE_PERMISSIONS } from '@orderflow/security';

/** Who the caller's key is, and what it may do: the console shows only the pages it may see. */
export const Identity = z
  .object({
    keyId: z.string(),
    name: z.string(),
    role: z.string(),
    scope: z.object({ channel: z.string().optional(), warehouse: z.string().optional(), carrier: z.string().optional() }),
    permissions: z.array(z.string()),
  })
  .describe("The caller's key: its id, name, role, scope and the role's permissions");
export type Identity = z.infer<typeof Identity>;

@Controller('whoami')
export class WhoamiHttpController {
  @Get()
  @AnyKey()
  whoami(@Caller() caller: Principal): Identity {
    const permissions: readonly Permission[] = ROLE_PERMISSIONS[caller.role];
    return { keyId: caller.keyId, name: caller.name, role: caller.role, scope: caller.scope, permissions: [...permissions] };
  }
}
