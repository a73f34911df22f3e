// The validator's copy of the schema leaves out what nothing reads at run time (the editor's snippets, Markdown and
// enum descriptions, examples), and keeps what the error messages read (title, description, patternErrorMessage).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';

const root = path.resolve(__dirname, '../../../..');
const generated = fs.readFileSync(path.join(root, 'src/core/estimator/schemaValidator.generated.ts'), 'utf8');

test('the generated validator holds no editor-only keyword that no message reads', () => {
  for (const keyword of ['markdownDescription', 'defaultSnippets', 'enumDescriptions', 'markdownEnumDescriptions']) {
    assert.ok(!generated.includes(`\\"${keyword}\\":`) && !generated.includes(`"${keyword}":`) && !generated.includes(`${keyword}:`),
      `${keyword} is in schemaValidator.generated.ts`);
  }
});

test('the keywords the messages read stay: property descriptions, titles, patternErrorMessage', () => {
  const schema = fs.readFileSync(path.join(root, 'src/core/estimator/estimator.schema.json'), 'utf8');
  assert.ok(schema.includes('"patternErrorMessage"'), 'the schema has a patternErrorMessage (update this test if not)');
  assert.ok(/patternErrorMessage/.test(generated));
  assert.ok(/\\?"title\\?":/.test(generated));
  assert.ok(generated.includes('Which SDK estimator class the other keys are the arguments of'), 'a property description');
});
