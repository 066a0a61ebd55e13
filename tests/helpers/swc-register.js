// Lets a plain `node` process run the TypeScript sources without a build: every `.ts` file is
// transpiled by @swc/core with the project's .swcrc settings when required. Used by the tests that
// spawn real server processes: `node -r ./tests/helpers/swc-register.js src/index.ts`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.swcrc'), 'utf8'));
delete swcrc.$schema;

require.extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcrc, filename, swcrc: false });
  module._compile(code, filename);
};
