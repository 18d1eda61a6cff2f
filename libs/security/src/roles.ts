/**
 * Who may do what (docs/adr/0018). A key has one role; a role is a fixed set of permissions; a
 * channel, warehouse or carrier key is further held to its own channel, warehouse or carrier.
 * Least privilege: no role holds a permission it does not need, and nothing is allowed by default.
 */
export const ROLES = ['channel', 'warehouse', 'carrier', 'factory', 'operator', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'orders:read',
  'shipments:read',
  'returns:read',
  'inventory:read',
  'reports:read',
  'projections:read',
  'audit:read',
  'channel-orders:send',
  'warehouse-operations:send',
  'carrier-tracking:send',
  'production-events:send',
  'complaints:resolve',
  'dead-letters:handle',
  'projections:rebuild',
  'keys:manage',
  'reference-data:manage',
  'webhooks:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ALL: readonly Permission[] = ['orders:read', 'shipments:read', 'returns:read', 'inventory:read', 'reports:read', 'projections:read'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  // Its own channel's messages and its own orders, shipments and returns (scoped by the caller).
  // ... and its own webhook: registration, delivery log, replay (docs/adr/0035).
  channel: ['channel-orders:send', 'orders:read', 'shipments:read', 'returns:read', 'webhooks:manage'],
  warehouse: ['warehouse-operations:send'],
  carrier: ['carrier-tracking:send'],
  // The factory answers production orders (docs/adr/0039), and does nothing else.
  factory: ['production-events:send'],
  operator: [...READ_ALL, 'complaints:resolve', 'dead-letters:handle', 'projections:rebuild'],
  auditor: [...READ_ALL, 'audit:read'],
  admin: ['keys:manage', 'reference-data:manage', 'webhooks:manage'],
};

/** What a key is held to. `'*'`: every warehouse (or carrier). */
export interface Scope {
  channel?: string;
  warehouse?: string;
  carrier?: string;
}

/** The authenticated caller of one request. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  scope: Scope;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(principal: Pick<Principal, 'role'>, permission: Permission): boolean {
  return ROLE_PERMISSIONS[principal.role].includes(permission);
}

/** How a principal appears as the actor of what it did, in event metadata and timelines. */
export function actorOf(principal: Principal): string {
  return `key:${principal.keyId} (${principal.role} "${principal.name}")`;
}

/**
 * The one channel a principal's reads are held to: its own for a channel key, none (everything)
 * for the roles that read everything.
 */
export function channelScope(principal: Principal): string | undefined {
  return principal.role === 'channel' ? principal.scope.channel : undefined;
}

/** Whether a warehouse or carrier key may act for `id` (its own, or any with `*`). */
export function coversWarehouse(principal: Principal, warehouseId: string): boolean {
  return principal.role === 'warehouse' && (principal.scope.warehouse === '*' || principal.scope.warehouse === warehouseId);
}

export function coversCarrier(principal: Principal, carrier: string): boolean {
  return principal.role === 'carrier' && (principal.scope.carrier === '*' || principal.scope.carrier === carrier);
}

/** Why a role and scope do not go together, if they do not: a channel key needs its channel, etc. */
export function scopeProblem(role: Role, scope: Scope): string | undefined {
  const wanted: Partial<Record<Role, keyof Scope>> = { channel: 'channel', warehouse: 'warehouse', carrier: 'carrier' };
  const own = wanted[role];
  for (const field of ['channel', 'warehouse', 'carrier'] as const) {
    const value = scope[field];
    if (field === own) {
      if (!value) return `a ${role} key needs --${field}`;
      if (field === 'channel' && value === '*') return 'a channel key is for one channel: --channel * is not allowed';
      if (!/^[A-Za-z0-9._:*-]{1,64}$/.test(value) || (value.includes('*') && value !== '*')) {
        return `--${field}: expected 1 to 64 letters, digits, ".", "_", ":" or "-"${field === 'channel' ? '' : ', or *'}, got ${JSON.stringify(value)}`;
      }
    } else if (value !== undefined) {
      return `--${field} applies to ${field} keys only, not to a ${role} key`;
    }
  }
  return undefined;
}
