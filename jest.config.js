// Two projects. `fast` is the everyday loop: unit tests and everything on virtual time or in
// memory, so its results never depend on how busy the machine is. `slow` holds what is slow by
// nature: Functions served over HTTP (real time, so those tests assert outcomes only), child
// processes, the sandbox, the browser, and the scale runs. `npm test` runs both; CI too.
//   npm run test:fast   npm run test:slow   npm test
// A new test is fast unless it matches SLOW: name it *-e2e.test.ts when it serves the Functions,
// starts a process or a browser, *-scale.test.ts when it is a scale run.

/** Globs (relative to the repository) of the slow tests. */
const SLOW = [
  // Served Functions, child processes, the sandbox, the browser: real time.
  'test/**/*-e2e.test.ts',
  'test/browser/**/*.test.ts',
  'test/build/**/*.test.ts',
  'test/deploy/deploy-recording.test.ts',
  'test/admin/sandbox-2fa.test.ts',
  'test/admin/dashboard-totp.test.ts',
  'test/emulator/seed-cli.test.ts',
  'test/security/admin-surface.test.ts',
  'test/security/cross-account.test.ts',
  'test/security/malformed-requests.test.ts',
  'test/security/replay.test.ts',
  // Scale: 100,000 events or items, 10,000 fuzzed mutations, the fault matrix, the burst.
  'test/**/*-scale.test.ts',
  'test/security/signature-fuzz.test.ts',
  'test/reliability/**/*.test.ts',
];

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // Type-checking is `npm run typecheck`'s job: SWC only strips the types, several times faster
  // than ts-jest's transpiler on a cold cache (a fresh clone, CI).
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
};

/** @type {import('jest').Config} */
module.exports = {
  // A bound on a test that hangs, never a measure of speed: virtual time costs no real time.
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'fast',
      // (A negated glob cannot start with <rootDir>: jest only expands it at the start.)
      testMatch: ['<rootDir>/test/**/*.test.ts', ...SLOW.map((glob) => `!**/${glob}`)],
    },
    {
      ...common,
      displayName: 'slow',
      testMatch: SLOW.map((glob) => `<rootDir>/${glob}`),
      // Generous: these wait on real processes and sockets, and a loaded machine is slow.
      setupFilesAfterEnv: ['<rootDir>/test/support/slow-timeout.ts'],
    },
  ],
};
