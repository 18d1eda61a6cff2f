export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
export const CLOCK = Symbol('CLOCK');
export const SERVICE = Symbol('SERVICE');
