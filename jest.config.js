/** One jest run for the whole monorepo; each workspace keeps its tests in <workspace>/test. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  roots: ['<rootDir>/proto', '<rootDir>/platform', '<rootDir>/users-service', '<rootDir>/messages-service', '<rootDir>/api-gateway', '<rootDir>/client', '<rootDir>/e2e', '<rootDir>/scripts', '<rootDir>/stack', '<rootDir>/cli'],
  testMatch: ['**/test/**/*.test.ts'],
  testTimeout: 30_000,
  setupFiles: ['<rootDir>/jest.setup.js'],
};
