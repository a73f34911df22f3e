// Runs the UI tests (test/ui/*.ui.js) one after another; prints "ui: N passed, M failed".
'use strict';
const fs = require('node:fs');
const path = require('node:path');

async function main() {
  const grep = process.env.SAGEMAKER_TEST_GREP ? new RegExp(process.env.SAGEMAKER_TEST_GREP) : undefined;
  const tests = [];
  for (const file of fs.readdirSync(__dirname).filter(f => f.endsWith('.ui.js')).sort()) {
    for (const [name, fn] of Object.entries(require(path.join(__dirname, file)))) tests.push({ name: `${file}: ${name}`, fn });
  }
  let passed = 0, failed = 0;
  for (const test of tests.filter(t => !grep || grep.test(t.name))) {
    const started = Date.now();
    try {
      await test.fn();
      passed++;
      console.log(`  ✔ ${test.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(`  ✖ ${test.name} (${Date.now() - started} ms)\n    ${String(error && error.stack || error).split('\n').slice(0, 6).join('\n    ')}`);
    }
  }
  console.log(`ui: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

void main();
