import { defineConfig } from 'vitest/config';
import { postgresInstalled } from './test/helpers/postgres.js';

/**
 * Two projects: everything on SQLite (the default driver), and the store, pipeline, HTTP,
 * CLI, worker and console suites again on PostgreSQL, against a private cluster the postgres
 * project's globalSetup starts (test/helpers/postgres-global-setup.ts).
 */
/** Suites that need PostgreSQL itself (both drivers side by side, HA, store copy). */
const needPostgres = [
  'test/store/store.test.ts',
  'test/store/high-availability.test.ts',
  'test/store/store-copy.test.ts',
  'test/store/ban-search.test.ts',
  'test/store/database-unanswered.test.ts',
  'test/store/database-restart.test.ts',
];
const onBothDrivers = [
  ...needPostgres,
  'test/http/**/*.test.ts',
  'test/pipeline/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/worker/**/*.test.ts',
  'test/ui/**/*.test.ts',
];

/**
 * Without Debian's postgresql the postgres project is left out with the reason printed, as
 * the real-daemon suites skip (test/helpers/daemons.ts); under CI=true it runs and fails.
 */
const withPostgres = postgresInstalled() || process.env.CI === 'true';
if (!withPostgres) {
  console.warn(
    '[skip] the postgres project (suites on PostgreSQL): not installed: postgresql (run: sudo bash .ci/install-daemons.sh)',
  );
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: needPostgres },
      },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: onBothDrivers,
                globalSetup: ['test/helpers/postgres-global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
