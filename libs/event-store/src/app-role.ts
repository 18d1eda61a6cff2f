/** The role services connect as: it may read and append events, never change them. */
export const APP_ROLE = 'orderflow_app';
