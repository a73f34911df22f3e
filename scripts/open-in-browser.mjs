// npm run browser: opens examples/pca-local (or a folder given as argument) in a real VS Code in the browser
// (code-server, as the tests use) with this extension installed from a freshly packaged .vsix.
// For people without a desktop VS Code. Ctrl-C stops it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = resolve(process.argv[2] ?? join(root, 'examples/pca-local'));
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('bash', ['test/harness/setup-vscode.sh']);
run('npm', ['run', '--silent', 'package']);
const env = Object.fromEntries([...readFileSync(join(root, '.cache/vscode/env.sh'), 'utf8').matchAll(/^export (\w+)=(.*)$/gm)].map(m => [m[1], m[2]]));
Object.assign(process.env, env);
if (process.version.split('.')[0] !== 'v24') {
  // code-server needs Node 24: run this same script under the Node 24 that setup installed.
  spawnSync(env.NODE24, [join(root, 'scripts/serve-code-server.cjs'), folder], { stdio: 'inherit' });
} else {
  createRequire(import.meta.url)(join(root, 'scripts/serve-code-server.cjs'));
}
