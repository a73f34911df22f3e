// package.json's command contributions, menus and activation events against the one command list
// (src/commands/commandIds.ts); the command table's type makes it give every id of that list a handler.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { CONTRIBUTED_COMMANDS, INTERNAL_COMMANDS } from '../../../src/commands/commandIds';

const root = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { commands: { command: string }[]; menus: Record<string, { command: string }[]>; walkthroughs?: { steps: { completionEvents?: string[] }[] }[] };
};
const contributed = manifest.contributes.commands.map(c => c.command);
const known = new Set<string>([...CONTRIBUTED_COMMANDS, ...INTERNAL_COMMANDS]);

test('contributes.commands lists exactly the contributed commands of the table, each once', () => {
  assert.deepEqual([...contributed].sort(), [...CONTRIBUTED_COMMANDS].sort());
  assert.equal(new Set(contributed).size, contributed.length);
});

test('every menu entry names a contributed command', () => {
  const unknown = Object.entries(manifest.contributes.menus).flatMap(([menu, entries]) =>
    entries.filter(e => !CONTRIBUTED_COMMANDS.includes(e.command as never)).map(e => `${menu}: ${e.command}`));
  assert.deepEqual(unknown, []);
});

test('every onCommand activation event and walkthrough completion event names a command of the table', () => {
  const events = [...manifest.activationEvents, ...(manifest.contributes.walkthroughs ?? []).flatMap(w => w.steps.flatMap(s => s.completionEvents ?? []))];
  const unknown = events.filter(e => e.startsWith('onCommand:') && !known.has(e.slice('onCommand:'.length)));
  assert.deepEqual(unknown, []);
});

test('internal commands stay out of the palette and the manifest', () => {
  for (const id of INTERNAL_COMMANDS) assert.ok(!contributed.includes(id), id);
});
