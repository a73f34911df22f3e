import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { numberLiteralsFromJson } from '../../../src/core/estimator/hyperparameters';
import { pyCall, pyComment, pyName, pyStr, pyStringLiteral, pyValue, renderPy } from '../../../src/core/export/python';

/** What Python makes of a literal: `ast.literal_eval`, back as JSON. */
function pythonEval(source: string): unknown {
  return JSON.parse(execFileSync('python3', ['-c', 'import ast, json, sys; print(json.dumps(ast.literal_eval(sys.stdin.read())))'],
    { input: source, encoding: 'utf8' }));
}

test('strings: every character survives a round trip through Python, escaped where source could not hold it', () => {
  const strings = ['plain', 'quote " and \' both', 'back\\slash \\n not a newline', 'line\nbreak\r\n\ttab', 'nul \0 del \x7f c1 \x85',
    'separators \u2028 \u2029 bom \ufeff', 'accents éü 中文 😀', 'lone surrogates \ud800 and \udc00', '${env:X} {braces} %s'];
  const source = renderPy(pyValue(strings));
  assert.deepEqual(pythonEval(source), strings);
  assert.ok(!/[\0\r\u2028\u2029\ud800-\udfff]/.test(source.replace(/😀/g, '')), 'no raw control characters or lone surrogates in the source');
  assert.equal(pyStringLiteral('a"b\\c\n'), '"a\\"b\\\\c\\n"');
});

test('values: True/False/None, numbers as the file spells them, dicts and lists in the file\'s order', () => {
  const text = '{"b": 1.0, "a": [true, false, null, -2, 1e-05, 3.25], "c": {"z": 1, "y": "x"}}';
  const value = JSON.parse(text) as unknown;
  const source = renderPy(pyValue(value, [], numberLiteralsFromJson(text)));
  assert.equal(source, '{"b": 1.0, "a": [True, False, None, -2, 1e-05, 3.25], "c": {"z": 1, "y": "x"}}');
  assert.deepEqual(pythonEval(source), value);
  // Without the file's text: integral numbers are ints, and JavaScript's exponent is Python's.
  assert.equal(renderPy(pyValue([1, 0.5, 1e21, 1.5e-7])), '[1, 0.5, 1e21, 1.5e-7]');
  assert.deepEqual(pythonEval(renderPy(pyValue([1e21, 1.5e-7]))), [1e21, 1.5e-7]);
});

test('calls fit on one line when short, else one argument per line with trailing commas', () => {
  assert.equal(renderPy(pyCall('f', [['a', pyStr('x')]], [pyName('y')])), 'f(y, a="x")');
  const long = renderPy(pyCall('sagemaker.estimator.Estimator', [['role', pyStr('r'.repeat(60))], ['instance_type', pyStr('ml.m5.xlarge')]]));
  assert.equal(long, `sagemaker.estimator.Estimator(\n    role="${'r'.repeat(60)}",\n    instance_type="ml.m5.xlarge",\n)`);
  execFileSync('python3', ['-c', `import ast; ast.parse(${JSON.stringify(`x = ${long}`)})`]);
});

test('comments: every line of the text is commented, whatever its line break', () => {
  assert.equal(pyComment('one\ntwo\r\nthree\rfour'), '# one\n# two\n# three\n# four');
});
