/**
 * Runs a RouterSim filled with N address-list entries in its own process, so the benchmark
 * measures the client's memory alone. Prints `{"port":…}` once ready; exits when stdin closes.
 * Usage: node --import tsx bench/routeros-sim-child.ts <entries> <list>
 */
import { RouterSim } from '../src/sim/router-sim.js';
import { benchAddress } from './fill-store.js';

const entries = Number(process.argv[2] ?? '100000');
const list = process.argv[3] ?? 'Blocked address';
const sim = new RouterSim({ users: [{ name: 'bench', password: 'bench' }] });
for (let i = 0; i < entries; i++) {
  sim.addEntry(4, {
    list,
    address: benchAddress(i),
    comment: `banbridge bench entry ${i}`,
    timeout: '1d',
  });
}
const port = await sim.start();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void sim.stop().then(() => process.exit(0));
});
