/**
 * Secrets for the default setup, kept outside the database in the git-ignored .data/secrets/:
 * `ensureSecret('audit-hmac-key')` makes the file once (32 random bytes, base64url, readable by its
 * owner only) and returns its path, e.g. for AUDIT_HMAC_KEY_FILE. Plain JavaScript, like run.js.
 */
const { randomBytes } = require('node:crypto');
const { chmodSync, closeSync, existsSync, mkdirSync, openSync, writeSync } = require('node:fs');
const { join, resolve } = require('node:path');

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The path of `.data/secrets/<name>` under `root` (the repository), made with a fresh secret if absent. */
function ensureSecret(name, root = resolve(__dirname, '..')) {
  if (!NAME.test(name)) throw new Error(`a secret's name is letters, digits, ".", "_" or "-", got ${JSON.stringify(name)}`);
  const dir = join(root, '.data', 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, name);
  if (existsSync(path)) return path;
  let fd;
  try {
    fd = openSync(path, 'wx', 0o600); // 'wx': a file another process made meanwhile is kept, not overwritten
  } catch (err) {
    if (err.code === 'EEXIST') return path;
    throw err;
  }
  try {
    writeSync(fd, `${randomBytes(32).toString('base64url')}\n`);
  } finally {
    closeSync(fd);
  }
  chmodSync(path, 0o600); // whatever the umask
  return path;
}

module.exports = { ensureSecret };
