#!/usr/bin/env node
// The registry reachable here serves only this platform's builds of native packages, so npm leaves
// the other platforms' optional packages (@swc/core-darwin-arm64, ...) out of package-lock.json and
// `npm ci` then refuses the lock as out of sync. This adds the missing entries as optional,
// platform-restricted stubs (what npm writes against the public registry), so `npm ci` skips them.
// Run after any `npm install` that changes the lock: `node scripts/lockfile-platform-stubs.js`.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;
const PLATFORM =
  /-(darwin|linux|win32|android|freebsd|openharmony|sunos|aix)-(arm64|x64|arm|ia32|ppc64|s390x|riscv64|loong64|wasm32)(?:-(gnu|musl|msvc|gnueabihf|musleabihf|eabi))?$/;
let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location ? `${location}/node_modules/` : 'node_modules/';
    const candidates = [`${base}${name}`, `node_modules/${name}`];
    if (candidates.some((c) => packages[c])) continue;
    const match = PLATFORM.exec(name);
    if (!match) continue;
    const stub = {
      version: range.replace(/^[\^~=]/, ''),
      optional: true,
      os: [match[1]],
      cpu: [match[2]],
    };
    if (match[3] === 'gnu' || match[3] === 'gnueabihf') stub.libc = ['glibc'];
    if (match[3] === 'musl' || match[3] === 'musleabihf') stub.libc = ['musl'];
    packages[`node_modules/${name}`] = stub;
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: ${added} platform stub(s) added`);
