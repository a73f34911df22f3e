// "A unit fits in your head" (STYLE.md): no function, method or arrow function in src/ over 80 lines, no src file
// over 500 lines. Measured with the TypeScript parser, so comments and blank lines inside a function count too: a
// function is as long as what a reader has to scroll through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const MAX_FUNCTION_LINES = 80;
const MAX_FILE_LINES = 500;

// Compiled to out/test/unit/house/, run from there or from the worktree root.
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const srcRoot = path.join(repoRoot, 'src');

/** Files exempt from the file-size limit for good: generated data, not code anyone reads top to bottom. */
const GENERATED_TABLES = new Set<string>([
  // The image URI tables copied from the SageMaker Python SDK's image_uri_config (accounts per region, versions per
  // framework); regenerated, not edited by hand. Its functions are still held to the function limit.
  'src/core/images/imageUris.ts',
]);


function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(full));
    // *.generated.ts: machine-written code (scripts/build-*.mjs), kept fresh by its own test, never read or edited.
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.generated.ts')) found.push(full);
  }
  return found.sort();
}

function functionName(node: ts.Node, file: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(file);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(file);
  }
  if (ts.isCallExpression(parent)) return `callback passed to ${parent.expression.getText(file).slice(0, 40)}`;
  return '(anonymous)';
}

/** Every function-like node with its length in lines, nested ones included (an outer function counts its closures). */
function longFunctions(relative: string, text: string): string[] {
  const file = ts.createSourceFile(relative, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const offenders: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      const end = file.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      const lines = end - start + 1;
      if (lines > MAX_FUNCTION_LINES) {
        offenders.push(`${relative}:${start} ${functionName(node, file)} is ${lines} lines (max ${MAX_FUNCTION_LINES})`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return offenders;
}

function lineCount(text: string): number {
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

test('every src function fits in 80 lines and every src file in 500', () => {
  const offenders: string[] = [];
  for (const full of sourceFiles(srcRoot)) {
    const relative = path.relative(repoRoot, full).split(path.sep).join('/');
    const text = fs.readFileSync(full, 'utf8');
    const lines = lineCount(text);
    if (lines > MAX_FILE_LINES && !GENERATED_TABLES.has(relative)) {
      offenders.push(`${relative} is ${lines} lines (max ${MAX_FILE_LINES})`);
    }
    offenders.push(...longFunctions(relative, text));
  }
  assert.deepEqual(offenders, [], `split these along their section comments:\n${offenders.join('\n')}`);
});

test('the allow-lists name files that exist', () => {
  for (const relative of GENERATED_TABLES) {
    assert.ok(fs.existsSync(path.join(repoRoot, relative)), `${relative} is allow-listed but no longer exists`);
  }
});
