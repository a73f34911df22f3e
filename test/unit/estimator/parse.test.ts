import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, displayPath, keyNodeAtPath, nodeAtPath, nodeToValue, parseEstimatorText, pathOfNode } from '../../../src/core/estimator/parse';

test('LineIndex maps offsets to 0-based positions for \\n, \\r\\n and \\r line ends', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = ['{', '  "a": 1', '}'].join(eol);
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 3);
    const offset = text.indexOf('"a"');
    assert.deepEqual(lines.positionAt(offset), { line: 1, character: 2 });
    assert.equal(lines.offsetAt({ line: 1, character: 2 }), offset);
    assert.deepEqual(lines.positionAt(text.length), { line: 2, character: 1 });
    assert.deepEqual(lines.positionAt(-5), { line: 0, character: 0 });
  }
});

test('positions count UTF-16 code units, like VS Code', () => {
  const text = '{"tag": "😀", "x": 1}';
  const parsed = parseEstimatorText(text);
  const x = keyNodeAtPath(parsed.root, ['x'])!;
  assert.deepEqual(parsed.lines.positionAt(x.offset), { line: 0, character: text.indexOf('"x"') });
});

test('comments and trailing commas are allowed', () => {
  const parsed = parseEstimatorText('// top\n{\n  /* block */ "a": 1, // end\n  "b": [1, 2,],\n}\n');
  assert.deepEqual(parsed.diagnostics, []);
  assert.equal(parsed.hasSyntaxErrors, false);
  assert.deepEqual(nodeToValue(parsed.root!), { a: 1, b: [1, 2] });
});

test('a byte-order mark is ignored and offsets still match the text', () => {
  const parsed = parseEstimatorText('\uFEFF{"a": 1}');
  assert.deepEqual(parsed.diagnostics, []);
  assert.equal(nodeAtPath(parsed.root, ['a'])!.offset, 7);
});

test('syntax errors become json-syntax diagnostics with ranges, one per line', () => {
  const parsed = parseEstimatorText('{\n  "a": 1\n  "b": tru,\n}');
  assert.equal(parsed.hasSyntaxErrors, true);
  assert.deepEqual(parsed.diagnostics.map(d => [d.code, d.range.start.line, d.range.start.character]), [['json-syntax', 2, 2]]);
  assert.match(parsed.diagnostics[0].message, /comma/);
  const unquoted = parseEstimatorText('{ role: "x" }');
  assert.match(unquoted.diagnostics[0].message, /double quotes: write "role"/);
  const python = parseEstimatorText('{ "wait": False }');
  assert.match(python.diagnostics[0].message, /write false/);
  const empty = parseEstimatorText('  \n');
  assert.equal(empty.root, undefined);
  assert.match(empty.diagnostics[0].message, /empty/);
});

test('the root must be an object', () => {
  const parsed = parseEstimatorText('[1]');
  assert.deepEqual(parsed.diagnostics.map(d => d.code), ['not-object']);
  assert.deepEqual(parsed.diagnostics[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
});

test('duplicate keys are reported at the second key; the last one counts', () => {
  const parsed = parseEstimatorText('{"inputs": {"train": "a", "train": "b"}}');
  assert.deepEqual(parsed.diagnostics.map(d => [d.code, d.range.start.character, d.path]), [['duplicate-key', 26, ['inputs', 'train']]]);
  assert.equal(nodeAtPath(parsed.root, ['inputs', 'train'])!.value, 'b');
  assert.deepEqual(nodeToValue(parsed.root!), { inputs: { train: 'b' } });
});

test('nodes are found by path and paths by node', () => {
  const parsed = parseEstimatorText('{"tags": [{"Key": "a", "Value": "b"}], "inputs": {"my channel": "x"}}');
  const value = nodeAtPath(parsed.root, ['tags', 0, 'Value'])!;
  assert.equal(value.value, 'b');
  assert.deepEqual(pathOfNode(value), ['tags', 0, 'Value']);
  assert.equal(keyNodeAtPath(parsed.root, ['tags', 0, 'Key'])!.value, 'Key');
  assert.equal(nodeAtPath(parsed.root, ['tags', 5]), undefined);
  assert.equal(nodeAtPath(parsed.root, ['nope', 'x']), undefined);
  assert.equal(displayPath(['tags', 0, 'Value']), 'tags[0].Value');
  assert.equal(displayPath(['inputs', 'my channel']), 'inputs["my channel"]');
  assert.equal(displayPath([]), '');
});
