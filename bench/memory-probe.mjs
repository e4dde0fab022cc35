/**
 * Preloaded into a server process by bench/collab.ts (NODE_OPTIONS=--import=<this file>), so the
 * benchmark can measure that process's memory after a full garbage collection, and its CPU time, without the server
 * exposing anything for it: on SIGUSR2 it collects garbage and prints one JSON line
 *   {"probe":"memory","n":<count>,"rss":…,"heapUsed":…,"heapTotal":…,"external":…,"arrayBuffers":…,
 *    "cpuBefore":…,"cpuAfter":…}
 * to stdout (the process's log stream, which the benchmark already reads).
 *
 * Plain JavaScript because NODE_OPTIONS imports run before `--import tsx` registers TypeScript.
 * `--expose-gc` cannot be given in NODE_OPTIONS on Node 20; setting the V8 flag at run time and
 * taking `gc` from a fresh context is the documented-by-folklore equivalent.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = /** @type {() => void} */ (vm.runInNewContext('gc'));
let n = 0;

process.on('SIGUSR2', () => {
	// CPU time of the process so far (µs), read before and after the collections below, so that a
	// benchmark can take the CPU of a window between two probes without counting the probes' GC.
	const cpuBefore = process.cpuUsage();
	// Twice, with a turn of the event loop between: the first pass can leave work for finalizers
	// (WeakRefs, FinalizationRegistry in Yjs/lib0) that only the second one reclaims.
	gc();
	setImmediate(() => {
		gc();
		const m = process.memoryUsage();
		const cpuAfter = process.cpuUsage();
		process.stdout.write(
			JSON.stringify({
				probe: 'memory',
				n: ++n,
				rss: m.rss,
				heapUsed: m.heapUsed,
				heapTotal: m.heapTotal,
				external: m.external,
				arrayBuffers: m.arrayBuffers,
				cpuBefore: cpuBefore.user + cpuBefore.system,
				cpuAfter: cpuAfter.user + cpuAfter.system
			}) + '\n'
		);
	});
});
