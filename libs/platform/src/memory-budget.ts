import { setFlagsFromString } from 'node:v8';

/*
 * A service's memory budget (docs/adr/0016): imported first by each service's main.ts, before any
 * other module is loaded, because the launcher (npm start, the benchmarks, a container) owns the
 * command line and its Node flags. Measured first on the query service; the same V8 behaviour
 * grew every service's heap under load.
 */

// V8 lets the old generation grow to up to 4x what is live before it collects it. A start-up
// replay of the store, and requests that wait longer than a scavenge or two under load, grew it to
// about 190 MiB with 40 MiB live: 270-290 MiB RSS at 3,000 req/s. 1.3x keeps it near what is live
// (about 145 MiB RSS at 3,000 req/s, CPU per request unchanged), for a few more incremental,
// mostly concurrent, major collections. (A smaller young generation or --optimize-for-size would
// save 20-30 MiB more but doubled the CPU per request.)
setFlagsFromString('--heap-growing-percent=30');

// TypeORM's source maps carry its whole TypeScript source: under --enable-source-maps they cost
// about 13 MiB of heap, for stack frames inside TypeORM and RxJS. Both are loaded here with source
// maps off; the project's own code, loaded after, keeps its maps.
const sourceMaps = process.sourceMapsEnabled ?? process.execArgv.includes('--enable-source-maps');
if (sourceMaps) {
  process.setSourceMapsEnabled(false);
  try {
    require('typeorm');
    require('rxjs');
  } finally {
    process.setSourceMapsEnabled(true);
  }
}
