// The layers of ARCHITECTURE.md, checked on the sources: the AWS SDK is called at run time only from src/aws (the
// lazily loaded bundle), the core imports neither vscode nor src/aws, and the glue reaches src/aws only through loadAws().
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import ts from 'typescript';

const root = path.resolve(__dirname, '../../../..');
const src = path.join(root, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

interface ImportUse {
  file: string;
  module: string;
  /** False when only types are taken (`import type`, or every named binding marked `type`). */
  forValues: boolean;
}

/** Every import, export-from, require() and import() of a file, with whether it can load the module at run time. */
function importsOf(file: string): ImportUse[] {
  const text = fs.readFileSync(file, 'utf8');
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const uses: ImportUse[] = [];
  const rel = path.relative(root, file);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every(e => e.isTypeOnly)));
      uses.push({ file: rel, module: node.moduleSpecifier.text, forValues: !typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      uses.push({ file: rel, module: node.moduleSpecifier.text, forValues: !node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)
      && ((ts.isIdentifier(node.expression) && node.expression.text === 'require') || node.expression.kind === ts.SyntaxKind.ImportKeyword)) {
      uses.push({ file: rel, module: (node.arguments[0] as ts.StringLiteral).text, forValues: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return uses;
}

/** The file a relative module names, relative to the repository (undefined for packages). */
function target(use: ImportUse): string | undefined {
  if (!use.module.startsWith('.')) return undefined;
  return path.relative(root, path.resolve(root, path.dirname(use.file), use.module));
}

const all = sourceFiles(src).flatMap(importsOf);
const inside = (use: ImportUse, folder: string) => use.file.startsWith(`${folder}/`);
const isAwsSdk = (module: string) => module.startsWith('@aws-sdk/') || module.startsWith('@smithy/');

test('only src/aws loads the AWS SDK at run time; everything else imports its types', () => {
  const offenders = all.filter(use => isAwsSdk(use.module) && use.forValues && !inside(use, 'src/aws'));
  assert.deepEqual(offenders.map(u => `${u.file} -> ${u.module}`), []);
});

test('the core imports neither vscode nor src/aws, nor the glue above it', () => {
  const offenders = all.filter(use => inside(use, 'src/core') && (use.module === 'vscode'
    || (target(use) !== undefined && !target(use)!.startsWith('src/core'))));
  assert.deepEqual(offenders.map(u => `${u.file} -> ${u.module}`), []);
});

test('src/aws imports no vscode and no glue: the CLI bundles it as it is', () => {
  const offenders = all.filter(use => inside(use, 'src/aws') && (use.module === 'vscode'
    || (target(use) !== undefined && !target(use)!.startsWith('src/aws') && !target(use)!.startsWith('src/core'))));
  assert.deepEqual(offenders.map(u => `${u.file} -> ${u.module}`), []);
});

test('the glue reaches src/aws for values only through loadAws(), so activation never evaluates the AWS bundle', () => {
  const glue = (use: ImportUse) => !inside(use, 'src/aws') && !inside(use, 'src/core') && !inside(use, 'src/cli');
  const offenders = all.filter(use => glue(use) && use.forValues && target(use)?.startsWith('src/aws'));
  assert.deepEqual(offenders.map(u => `${u.file} -> ${u.module}`), []);
});

test('the CLI imports no vscode', () => {
  const offenders = all.filter(use => inside(use, 'src/cli') && use.module === 'vscode');
  assert.deepEqual(offenders, []);
});
