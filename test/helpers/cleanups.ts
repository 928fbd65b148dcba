import { afterEach } from 'vitest';

/**
 * Teardown steps a test registers as it starts things (services, simulators); after each
 * test they run newest first, also when the test failed. Call once at a file's top level.
 */
export function cleanupsAfterEach(): (step: () => Promise<void> | void) => void {
  let steps: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    const run = steps.reverse();
    steps = [];
    for (const step of run) await step();
  });
  return (step) => {
    steps.push(step);
  };
}
