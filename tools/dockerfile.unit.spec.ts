import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { validate } from 'dockerfile-utils';

/**
 * The Dockerfile is not built here (no Docker engine), so what the image promises is checked on the
 * file itself; the healthcheck script it runs is run for real, against servers that answer as a
 * healthy, an unavailable and a hung service would.
 */
const root = resolve(__dirname, '..');

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions in order (continuation lines joined), split into stages at each FROM, ARGs before it resolved. */
function parseDockerfile(text: string): { stages: Stage[] } {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [image, , name] = args.replace(/\$\{(\w+)\}/g, (_, v: string) => globalArgs[v] ?? '').split(/\s+/);
      stages.push({ image, name, instructions: [] });
    } else if (stages.length === 0 && upper === 'ARG') {
      const [k, v = ''] = args.split('=');
      globalArgs[k] = v;
    } else stages.at(-1)?.instructions.push({ keyword: upper, args });
  }
  return { stages };
}

const { stages } = parseDockerfile(readFileSync(resolve(root, 'Dockerfile'), 'utf8'));
const final = stages[stages.length - 1];
const stageNamed = (name: string) => stages.find((s) => s.name === name);
const of = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
/** A COPY as { from, sources, destination }; `from` is undefined for the build context. */
const copies = (stage: Stage) =>
  of(stage, 'COPY').map((args) => {
    const words = args.split(/\s+/);
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((w) => !w.startsWith('--'));
    return { from, sources: paths.slice(0, -1), destination: paths[paths.length - 1] };
  });

describe('Dockerfile', () => {
  it('builds in stages on one pinned release of a Node LTS line, in a slim image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.image).toMatch(/^node:(22|24)\.\d+\.\d+-(bookworm|trixie)-slim$/);
    expect(new Set(stages.map((s) => s.image)).size).toBe(1);
  });

  it('ships the production dependencies alone, installed from the lockfile', () => {
    const modules = copies(final).filter((c) => c.sources.some((s) => s.endsWith('/node_modules')));
    expect(modules).toHaveLength(1);
    const deps = stageNamed(modules[0].from ?? '');
    const installs = of(deps!, 'RUN').filter((r) => /\bnpm (ci|install|i)\b/.test(r));
    expect(installs).toEqual([expect.stringMatching(/\bnpm ci\b.*--omit=dev/)]);
    // Nothing installs in the final stage itself.
    expect(of(final, 'RUN').filter((r) => /\bnpm\b/.test(r))).toEqual([]);
  });

  it('ships compiled output, not sources: dist/ and the CLI bin, no TypeScript and no build script', () => {
    const fromContext = copies(final).filter((c) => !c.from).flatMap((c) => c.sources);
    expect(fromContext).toEqual(['scripts/healthcheck.js']);
    const fromStages = copies(final)
      .filter((c) => c.from)
      .flatMap((c) => c.sources.map((s) => `${c.from}:${s}`));
    expect(fromStages.sort()).toEqual(['build:/app/dist', 'deps:/app/apps/cli', 'deps:/app/node_modules', 'deps:/app/package.json'].sort());
    // deps:/app/apps/cli holds only what npm links the `orderflow` bin from.
    expect(copies(stageNamed('deps')!).flatMap((c) => c.sources)).toEqual(['package.json', 'package-lock.json', 'apps/cli/package.json', 'apps/cli/bin']);
    expect(of(final, 'ENV').join(' ')).toMatch(/\bNODE_ENV=production\b/);
  });

  it('runs as a user other than root, and checks its health with the healthcheck script', () => {
    const keywords = final.instructions.map((i) => i.keyword);
    const users = of(final, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    // USER before CMD, and nothing after it runs as root.
    expect(keywords.indexOf('USER')).toBeLessThan(keywords.indexOf('CMD'));
    expect(keywords.slice(keywords.indexOf('USER')).filter((k) => k === 'RUN' || k === 'COPY')).toEqual([]);
    expect(of(final, 'HEALTHCHECK')).toEqual([expect.stringMatching(/ CMD \["node", "scripts\/healthcheck\.js"\]$/)]);
    expect(of(final, 'CMD')).toEqual(['["node", "--enable-source-maps", "dist/apps/query-service/src/main.js"]']);
  });

  // hadolint is neither a Debian package nor installable offline from npm (its wrapper downloads a
  // binary), so the linter is dockerfile-utils, pure JavaScript: instructions, flags and arguments.
  it('passes a Dockerfile linter, which does find problems in a broken file', () => {
    const problems = (text: string) => validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems(readFileSync(resolve(root, 'Dockerfile'), 'utf8'))).toEqual([]);
    expect(problems('FROM node:24-slim\nHEALTHCHECK --interval=fast CMD true\nUSER\nEXPOSE port\n').length).toBeGreaterThanOrEqual(3);
  });

  it('sends no secrets, installed modules, build output or test helpers to the build context', () => {
    const ignored = readFileSync(resolve(root, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.git', '.data', '**/node_modules', 'dist', 'libs/testing']));
  });
});

describe('scripts/healthcheck.js', () => {
  const script = resolve(root, 'scripts/healthcheck.js');
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    server = undefined;
  });

  /** A server answering GET /health as `answer` says, on a free port. */
  async function serve(answer: (res: ServerResponse) => void): Promise<number> {
    server = createServer((req, res) => (req.url === '/health' ? answer(res) : res.writeHead(404).end()));
    await new Promise<void>((ready) => server!.listen(0, '127.0.0.1', ready));
    return (server.address() as AddressInfo).port;
  }

  async function healthcheck(port: number, env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
    try {
      await promisify(execFile)(process.execPath, [script], { env: { PATH: process.env.PATH, PORT: String(port), ...env } });
      return { code: 0, stderr: '' };
    } catch (err) {
      const failed = err as { code: number; stderr: string };
      return { code: failed.code, stderr: failed.stderr };
    }
  }

  it('is plain JavaScript with no dependencies, so the image runs it as it is', () => {
    expect(existsSync(script)).toBe(true);
    expect([...readFileSync(script, 'utf8').matchAll(/require\('([^']+)'\)/g)].map((m) => m[1])).toEqual(['node:http']);
  });

  it('passes when the service answers 200 (ok or degraded)', async () => {
    const port = await serve((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"degraded"}'));
    expect(await healthcheck(port)).toEqual({ code: 0, stderr: '' });
  });

  it('fails, naming what is down, when the service answers 503', async () => {
    const port = await serve((res) => res.writeHead(503).end('{"status":"unavailable","down":["kafka"]}'));
    const result = await healthcheck(port);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`http://127.0.0.1:${port}/health answered 503: {"status":"unavailable","down":["kafka"]}`);
  });

  it('fails when nothing listens on PORT', async () => {
    const port = await serve(() => undefined);
    await new Promise((done) => server!.close(done));
    server = undefined;
    const result = await healthcheck(port);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ECONNREFUSED');
  });

  it('fails within HEALTHCHECK_TIMEOUT_MS when the service does not answer', async () => {
    const port = await serve(() => undefined); // accepts, never answers
    const started = Date.now();
    const result = await healthcheck(port, { HEALTHCHECK_TIMEOUT_MS: '300' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
