import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '../..');

interface Graph {
  nodes: Record<string, { data: { root: string } }>;
  dependencies: Record<string, { target: string }[]>;
}

/** What `npx nx graph --file=graph.json` writes. */
function nxGraph(): Graph {
  const dir = mkdtempSync(join(tmpdir(), 'orderflow-graph-'));
  try {
    const file = join(dir, 'graph.json');
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'graph', `--file=${file}`], { cwd: root, env: { ...process.env, NX_DAEMON: 'false' }, stdio: 'ignore' });
    return JSON.parse(readFileSync(file, 'utf8')).graph;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'target', 'results'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** Static imports and re-exports (from the start of a line, so not code inside a string), import() and require(). */
const IMPORT = /^(?:(?:import|export)\b[^'"]*?from\s*|import\s+)'([^']+)'|\b(?:import|require)\(\s*'([^']+)'/gm;
const isTestFile = (file: string) => /\.spec\.ts$|\.fixtures\.ts$|\/test\//.test(file);

/** Every import of one project by another, read from the sources: [from, to, file]. */
function importsBetweenProjects(graph: Graph): [string, string, string][] {
  const projects = Object.entries(graph.nodes).map(([name, node]) => ({ name, root: node.data.root }));
  const projectOf = (path: string) => projects.find((p) => path === p.root || path.startsWith(`${p.root}/`))?.name;
  const found: [string, string, string][] = [];
  for (const project of projects) {
    for (const file of sourceFiles(join(root, project.root))) {
      for (const [, staticSpecifier, dynamicSpecifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const specifier = staticSpecifier ?? dynamicSpecifier;
        const lib = /^@orderflow\/([^/]+)/.exec(specifier)?.[1];
        const target = lib ? projectOf(`libs/${lib}`) : specifier.startsWith('.') ? projectOf(relative(root, resolve(dirname(file), specifier))) : undefined;
        if (target && target !== project.name) found.push([project.name, target, relative(root, file)]);
      }
    }
  }
  return found;
}

describe('the project graph', () => {
  let graph: Graph;
  let imports: [string, string, string][];
  beforeAll(() => {
    graph = nxGraph();
    imports = importsBetweenProjects(graph);
  }, 120_000);

  it('has every project, the e2e specs, tools and benchmarks among them', () => {
    expect(Object.keys(graph.nodes)).toEqual(expect.arrayContaining(['order-service', 'cli', 'contracts', 'testing', 'e2e', 'tools', 'bench']));
  });

  it('has an edge for every import of one project by another', () => {
    expect(imports.length).toBeGreaterThan(100);
    const edges = new Set(Object.entries(graph.dependencies).flatMap(([from, deps]) => deps.map((d) => `${from} -> ${d.target}`)));
    const missing = imports.filter(([from, to]) => !edges.has(`${from} -> ${to}`)).map(([from, to, file]) => `${from} -> ${to} (${file})`);
    expect(missing).toEqual([]);
  });

  it('has no cycle through production code (the cycles lint ignores are the specs\' own)', () => {
    const production = new Map<string, Set<string>>();
    for (const [from, to, file] of imports) if (!isTestFile(file)) production.set(from, (production.get(from) ?? new Set()).add(to));
    const cycles: string[] = [];
    const visit = (project: string, path: string[]) => {
      if (path.includes(project)) return void cycles.push([...path.slice(path.indexOf(project)), project].join(' -> '));
      for (const next of production.get(project) ?? []) visit(next, [...path, project]);
    };
    for (const project of production.keys()) visit(project, []);
    expect(cycles).toEqual([]);
  });
});
