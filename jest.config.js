/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  setupFiles: ['<rootDir>/tests/helpers/setup-env.ts'],
  // Generous: the permission matrix runs every cell in one test (about 30 s alone on MariaDB
  // on 2 cores) and shares the CPU with the multi-process scale-out test on loaded CI machines.
  testTimeout: 120000,
  maxWorkers: 2,
};
