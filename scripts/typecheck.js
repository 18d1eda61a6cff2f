#!/usr/bin/env node
/**
 * `nx run <project>:typecheck`: type-checks one project's own files, with the options and path
 * mapping of tsconfig.json. The libs it imports are read for their types but not checked again:
 * each lib is checked by its own typecheck, so the workspace is checked once in total, in pieces
 * Nx can cache and re-run only where something changed (17 full `tsc` programs would check every
 * lib up to 17 times). Plain JavaScript, like build.js.
 */
const { join, relative, resolve } = require('node:path');
const ts = require('typescript');

const root = resolve(__dirname, '..');

function typecheck(projectRoot) {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  const prefix = `${join(root, projectRoot)}/`;
  const own = config.fileNames.filter((file) => file.startsWith(prefix));
  const program = ts.createProgram({ rootNames: own, options: config.options, projectReferences: config.projectReferences });
  const diagnostics = [
    ...config.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...own.flatMap((file) => {
      const source = program.getSourceFile(file);
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    }),
  ];
  return { files: own.length, diagnostics };
}

if (require.main === module) {
  const projectRoot = process.argv[2];
  if (!projectRoot) {
    console.error('usage: node scripts/typecheck.js <project root, e.g. apps/order-service>');
    process.exit(2);
  }
  const started = Date.now();
  const { files, diagnostics } = typecheck(projectRoot);
  if (diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
    process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
    console.error(`typecheck ${projectRoot}: ${diagnostics.length} error(s)`);
    process.exit(1);
  }
  console.log(`typecheck ${relative(root, join(root, projectRoot))}: ${files} files, no errors (${Date.now() - started} ms)`);
}

module.exports = { typecheck };
