// The command line is split at each command (src/cli/commands.ts loads them with import(), scripts/build.mjs bundles
// them as ES module chunks): what a run evaluates is its entry plus the modules statically imported from there. These
// tests follow the static imports (import() is the split point and is not followed) and check that the entry reaches
// no command's module, and that `plan` reaches no AWS SDK and no src/aws module (it asks AWS only without --account
// or a region, through import()).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import ts from 'typescript';

const root = path.resolve(__dirname, '../../../..');

/** The modules a file imports statically for their values (type-only imports and import() left out). */
function staticValueImports(file: string): string[] {
  const sourceFile = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const modules: string[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every(e => e.isTypeOnly)));
      if (!typeOnly) modules.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const named = statement.exportClause && ts.isNamedExports(statement.exportClause) ? statement.exportClause.elements : undefined;
      if (!statement.isTypeOnly && !(named && named.length > 0 && named.every(e => e.isTypeOnly))) modules.push(statement.moduleSpecifier.text);
    }
  }
  return modules;
}

function resolveRelative(from: string, module: string): string {
  const base = path.resolve(path.dirname(from), module);
  const found = [base, `${base}.ts`, path.join(base, 'index.ts')].find(candidate => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
  if (!found) throw new Error(`${path.relative(root, from)} imports ${module}, which is not found`);
  return found;
}

/** Every source file (repository-relative) and package reached from `entry` through static value imports. */
function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    const rel = path.relative(root, file);
    if (files.has(rel)) return;
    files.add(rel);
    if (!file.endsWith('.ts')) return;
    for (const module of staticValueImports(file)) {
      if (module.startsWith('.')) visit(resolveRelative(file, module));
      else packages.add(module);
    }
  };
  visit(path.join(root, entry));
  return { files, packages };
}

/** The command modules commands.ts loads with import(). */
function commandModules(): string[] {
  const file = path.join(root, 'src/cli/commands.ts');
  return [...fs.readFileSync(file, 'utf8').matchAll(/import\('(\.\/[A-Za-z]+)'\)/g)].map(m => path.relative(root, resolveRelative(file, m[1]!)));
}

test('the CLI entry reaches no command module statically: each command is loaded by import() when it runs', () => {
  const commands = commandModules();
  assert.ok(commands.length >= 14, `commands.ts loads each command with import('./<module>'); found: ${commands.join(' ')}`);
  const { files } = staticClosure('src/cli/index.ts');
  assert.deepEqual(commands.filter(c => files.has(c)), []);
});

test('plan reaches no AWS SDK, src/aws module, tar or zlib statically: with the region and account known it asks AWS nothing', () => {
  const entry = staticClosure('src/cli/index.ts');
  const plan = staticClosure('src/cli/plan.ts');
  const files = [...entry.files, ...plan.files];
  const packages = [...entry.packages, ...plan.packages];
  assert.deepEqual(files.filter(f => f.startsWith('src/aws/')), []);
  assert.deepEqual(packages.filter(p => /^@aws-sdk\/|^@smithy\/|^tar$|^node:zlib$/.test(p)), []);
});
